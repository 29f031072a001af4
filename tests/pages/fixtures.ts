/**
 * Backend replies shaped exactly like the real functions' (types from core/contracts), for
 * page tests. Names and orgs follow the demo county seed.
 */
import type { MeResult } from '../../core/contracts/auth';
import { ERROR_MESSAGES, type ErrorCode } from '../../core/contracts/errors';
import type { Fail, Ok } from '../../core/contracts/envelope';

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data });

/** A failure envelope as the router builds it (core/contracts/app-error.ts). */
export const fail = (code: ErrorCode, extra: Partial<Pick<Fail, 'message' | 'field' | 'requestId'>> = {}): Fail => ({
  ok: false,
  code,
  message: ERROR_MESSAGES[code],
  ...extra,
});

const b01 = { id: 'b01', name: '青年路社区党支部' };
const t1 = { id: 't1', name: '青年路街道党工委' };

/** auth.me for a plain member (no staff roles: auth.me lists staff grants only). */
export const demoMember: MeResult = {
  memberId: 'm0005',
  name: '李建华',
  phoneMasked: '138****1234',
  partyStatus: 'full',
  status: 'active',
  branch: b01,
  group: { id: 'b01g1', name: '第一党小组' },
  town: t1,
  roles: [],
};

export const demoProbationary: MeResult = { ...demoMember, memberId: 'm0006', name: '王晓燕', partyStatus: 'probationary', phoneMasked: '139****5678' };

export const demoSecretary: MeResult = {
  ...demoMember,
  memberId: 'm0001',
  name: '张卫东',
  roles: [{ role: 'secretary', orgId: 'b01', orgName: b01.name }],
};

export const demoGridLeader: MeResult = { ...demoMember, memberId: 'm0002', name: '赵明', roles: [{ role: 'gridLeader', orgId: 'b01g2', orgName: '第二网格' }] };
export const demoAdmin: MeResult = { ...demoMember, memberId: 'm0003', name: '刘芳', roles: [{ role: 'orgAdmin', orgId: 't1', orgName: t1.name }] };
export const demoKeeper: MeResult = { ...demoMember, memberId: 'm0004', name: '陈刚', roles: [{ role: 'storeKeeper', orgId: 't1', orgName: t1.name }] };

/** GET /dev/identities as the local gateway answers it (staff first). */
export const demoIdentities = [
  {
    openid: 'demo-secretary-b01',
    name: '张卫东',
    roles: [
      { role: 'member', orgId: 'b01' },
      { role: 'secretary', orgId: 'b01' },
    ],
    orgId: 'b01',
  },
  { openid: 'demo-member-b01', name: '李建华', roles: [{ role: 'member', orgId: 'b01' }], orgId: 'b01' },
];
