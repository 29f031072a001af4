import type { BootstrapInput, BootstrapResult } from '../../contracts/org';
import { INVITE_QR_PREFIX } from '../../contracts/org';
import { emptyBalance, type BalanceDoc } from '../points/ledger';
import { ruleId, type RuleDoc } from '../points/rule';
import { DEFAULT_RULES } from '../rules/catalog';
import { normalizeName } from './bind';
import { isBound, unboundOpenid, type MemberDoc, type OrgDoc } from './model';
/**
 * A county's first day, pure: what org.bootstrap writes into an empty env, and the state it
 * answers with on every run (core/usecases/org/bootstrap.ts, docs/flows/bootstrap.md).
 */

/** The county root's fixed id: one env holds one county, and a second run finds it here. */
export const COUNTY_ROOT_ID = 'county';
export const DEFAULT_ADMIN_BRANCH = '县委组织部机关党支部';
/** The function environment variable holding the env's bootstrap code (set by the deploy). */
export const BOOTSTRAP_CODE_ENV = 'HGJ_BOOTSTRAP_CODE';
export const BOOTSTRAP_ACTOR = { id: 'system:bootstrap', name: '系统初始化' } as const;

export type BootstrapPlan = { county: OrgDoc; branch: OrgDoc; admin: MemberDoc; balance: BalanceDoc; rules: RuleDoc[] };

/**
 * The documents of a fresh county: the root (with the record of what bootstrap made), the
 * 组织部's branch directly under it (with its invite code), the first admin's roster entry
 * (countyAdmin on the county, unbound) and empty balance, and version 1 of every default rule,
 * county-wide.
 */
export function planBootstrap(input: BootstrapInput, ids: { branchId: string; adminId: string; inviteCode: string }, at: Date): BootstrapPlan {
  const rules: RuleDoc[] = DEFAULT_RULES.map((r) => ({ _id: ruleId(r.code, 1), ...r, version: 1, scopeOrgId: COUNTY_ROOT_ID, status: 'active', activeFrom: at, activeTo: null, createdAt: at }));
  const county: OrgDoc = {
    _id: COUNTY_ROOT_ID,
    name: input.countyName,
    type: 'county',
    parentId: null,
    ancestors: [COUNTY_ROOT_ID],
    bootstrap: { branchId: ids.branchId, adminMemberId: ids.adminId, adminPhone: input.adminPhone, rules: rules.map((r) => r._id), at },
    createdAt: at,
  };
  const branchAncestors = [COUNTY_ROOT_ID, ids.branchId];
  const branch: OrgDoc = {
    _id: ids.branchId,
    name: input.branchName ?? DEFAULT_ADMIN_BRANCH,
    type: 'branch',
    parentId: COUNTY_ROOT_ID,
    ancestors: branchAncestors,
    gridLevel: 2,
    inviteCode: ids.inviteCode,
    createdAt: at,
  };
  const admin: MemberDoc = {
    _id: ids.adminId,
    openid: unboundOpenid(ids.adminId),
    name: input.adminName,
    phone: input.adminPhone,
    branchId: ids.branchId,
    groupId: null,
    ancestors: branchAncestors,
    partyStatus: 'full',
    status: 'active',
    joinedAt: null,
    flow: false,
    roles: [{ role: 'countyAdmin', orgId: COUNTY_ROOT_ID }],
    createdAt: at,
    updatedAt: at,
  };
  return { county, branch, admin, balance: emptyBalance(ids.adminId, branchAncestors), rules };
}

export type BootstrapState = { county: OrgDoc; branch: OrgDoc | null; admin: MemberDoc | null };

/**
 * A run on a bootstrapped env: the same county, branch and admin asked for is the same state
 * (answered, nothing written); anything else is refused with what the env holds. An env whose
 * county was not made by bootstrap (a seeded demo, hand-made data) is refused too.
 */
export function compareBootstrap(input: BootstrapInput, s: BootstrapState): { ok: true } | { ok: false; message: string } {
  const b = s.county.bootstrap;
  if (!b || !s.branch) return { ok: false, message: '该环境已有组织架构（不是由初始化创建的），无需初始化' };
  const sameAdmin = b.adminPhone === input.adminPhone && (!s.admin || normalizeName(s.admin.name) === normalizeName(input.adminName));
  if (s.county.name !== input.countyName || s.branch.name !== (input.branchName ?? DEFAULT_ADMIN_BRANCH) || !sameAdmin)
    return { ok: false, message: `该环境已初始化为“${s.county.name}”（${s.branch.name}），与本次填写的不一致` };
  return { ok: true };
}

/** What every run answers: the invite only while the first admin has not bound. */
export function bootstrapView(s: { county: OrgDoc; branch: OrgDoc; admin: MemberDoc | null }, created: boolean): BootstrapResult {
  const bound = s.admin ? isBound(s.admin) : false;
  const code = !bound && s.branch.inviteCode ? s.branch.inviteCode : null;
  return {
    created,
    countyId: s.county._id,
    countyName: s.county.name,
    branchId: s.branch._id,
    branchName: s.branch.name,
    adminMemberId: s.county.bootstrap?.adminMemberId ?? '',
    adminBound: bound,
    inviteCode: code,
    qrText: code ? INVITE_QR_PREFIX + code : null,
    rules: s.county.bootstrap?.rules ?? [],
  };
}
