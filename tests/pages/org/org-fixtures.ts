/** org function replies shaped like the real ones (core/contracts/org), names from the demo county. */
import type { AuditListResult, ImportResult, InviteResult, MemberDetail, MemberItem, MembersListResult, OrgNode, TreeResult } from '../../../core/contracts/org';

const node = (id: string, name: string, type: OrgNode['type'], depth: number, parentId: string | null, n: number, extra: Partial<OrgNode> = {}): OrgNode => ({
  id,
  name,
  type,
  parentId,
  depth,
  gridLevel: type === 'town' ? 1 : type === 'branch' ? 2 : type === 'group' ? 3 : null,
  temporary: false,
  memberCount: n,
  activeCount: n - 1,
  dedicationDay: null,
  contact: null,
  address: null,
  firstResponsible: null,
  directResponsible: null,
  ...extra,
});

export const t1Tree: TreeResult = {
  roots: ['t1'],
  nodes: [
    node('t1', '青年路街道党工委', 'town', 0, 'county', 104),
    node('b01', '青年路社区党支部', 'branch', 1, 't1', 28, { dedicationDay: 6, firstResponsible: { id: 'm0001', name: '张卫东' } }),
    node('b01g1', '第一党小组（1号网格）', 'group', 2, 'b01', 9),
    node('b02', '文化路社区党支部', 'branch', 1, 't1', 25, { dedicationDay: 11 }),
    node('b02g1', '第一党小组（1号网格）', 'group', 2, 'b02', 9),
  ],
};

export const b01Tree: TreeResult = {
  roots: ['b01'],
  nodes: [
    node('b01', '青年路社区党支部', 'branch', 0, 't1', 28, { dedicationDay: 6, contact: '0371-6001', address: '青年路社区党群服务中心', firstResponsible: { id: 'm0001', name: '张卫东' } }),
    node('b01g1', '第一党小组（1号网格）', 'group', 1, 'b01', 9, { directResponsible: { id: 'm0002', name: '赵明' } }),
    node('b01g2', '第二党小组（2号网格）', 'group', 1, 'b01', 8),
  ],
};

export const item = (i: number, over: Partial<MemberItem> = {}): MemberItem => ({
  id: `m${String(i).padStart(4, '0')}`,
  name: `党员${i}`,
  phone: `138****${String(1000 + i).slice(-4)}`,
  phoneMasked: true,
  branch: { id: 'b01', name: '青年路社区党支部' },
  group: { id: 'b01g1', name: '第一党小组（1号网格）' },
  partyStatus: 'full',
  status: 'active',
  flow: false,
  joinedAt: '2001-07-01',
  bound: true,
  roles: [],
  ...over,
});

/** Two pages of a 22-member list (the page asks for 50; a short page keeps the test fast). */
export const page1: MembersListResult = { items: Array.from({ length: 12 }, (_, i) => item(i + 1)), total: 22, nextCursor: 'm0012' };
export const page2: MembersListResult = { items: Array.from({ length: 10 }, (_, i) => item(i + 13)), total: 22, nextCursor: null };

export const detail = (over: Partial<MemberDetail> = {}): MemberDetail => ({
  ...item(5, { name: '李建华', roles: [{ role: 'gridLeader', orgId: 'b01g1', orgName: '第一党小组（1号网格）' }] }),
  town: { id: 't1', name: '青年路街道党工委' },
  boundAt: '2026-11-20T02:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
  can: { unbind: true, grant: true },
  ...over,
});

export const dryRun: ImportResult = {
  dryRun: true,
  orgId: 't1',
  rows: 3000,
  valid: 2980,
  invalid: 20,
  created: 2975,
  updated: 5,
  unchanged: 0,
  issues: [
    { row: 10, column: '手机号', code: 'PHONE_INVALID', message: '手机号应为 11 位中国大陆手机号' },
    { row: 159, column: '支部', code: 'BRANCH_UNKNOWN', message: '导入范围内没有这个支部' },
  ],
  issuesTotal: 20,
  preview: [
    { row: 3, kind: 'create', memberId: 'mi1', name: '王建国', fields: [] },
    { row: 4, kind: 'update', memberId: 'm0007', name: '李华', fields: ['状态'] },
  ],
};
export const committed: ImportResult = { ...dryRun, dryRun: false };

export const audit: AuditListResult = {
  items: [
    {
      id: 'aud:1',
      at: '2026-11-23T01:05:00.000Z',
      actorId: 'm0100',
      actorName: '刘芳',
      role: 'orgAdmin',
      action: 'org.roles.grant',
      targetType: 'member',
      targetId: 'm0005',
      before: { roles: [] },
      after: { roles: [{ role: 'gridLeader', orgId: 'b01g1' }] },
      reason: '换届',
      via: 'miniprogram',
    },
    {
      id: 'aud:2',
      at: '2026-11-22T08:00:00.000Z',
      actorId: 'm0100',
      actorName: '刘芳',
      role: 'orgAdmin',
      action: 'org.members.unbind',
      targetType: 'member',
      targetId: 'm0006',
      before: { bound: true },
      after: { bound: false },
      reason: '更换手机',
      via: 'miniprogram',
    },
  ],
  nextCursor: '1700000000000~aud:2',
};

export const invite: InviteResult = { branchId: 'b01', branchName: '青年路社区党支部', inviteCode: 'K7M2PQ', qrText: 'HGJBIND:K7M2PQ', image: null, imageError: null, rotated: false };
