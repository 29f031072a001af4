import type { ErrorCode } from '../../contracts/errors';
import type { MemberDoc, OrgDoc } from './model';
/**
 * Moving a member within the county (组织关系转接), pure. A member's place is their branch, their
 * party group in it (or none) and the ancestors that follow from them; everything that is
 * scoped by the member's place moves with it in the same transaction: the member document, the
 * member's balance (the ledger audits and the award's scope check read its ancestors) and the
 * member's pending claims (the review queue of the new branch's secretary). Ledger entries keep
 * the ancestors they were posted under: they are history, and the audit reads them per member.
 */
export type Placement = { branchId: string; groupId: string | null; ancestors: string[] };

export const placementOf = (m: Pick<MemberDoc, 'branchId' | 'groupId' | 'ancestors'>): Placement => ({
  branchId: m.branchId,
  groupId: m.groupId ?? null,
  ancestors: [...m.ancestors],
});

/** Where a member lands in `branch` (or in `group` of it): ancestors of the innermost org. */
export function placementIn(branch: Pick<OrgDoc, '_id' | 'ancestors'>, group?: Pick<OrgDoc, '_id' | 'ancestors'> | null): Placement {
  return { branchId: branch._id, groupId: group?._id ?? null, ancestors: [...(group ?? branch).ancestors] };
}

export const samePlacement = (a: Placement, b: Placement): boolean =>
  a.branchId === b.branchId && a.groupId === b.groupId && a.ancestors.length === b.ancestors.length && a.ancestors.every((x, i) => x === b.ancestors[i]);

export type TransferCheck = { ok: true; to: Placement } | { ok: false; code: ErrorCode; message: string; field: string };

/**
 * org.members.transfer moves one member to another branch (no group there: the new secretary
 * places them). Refused: a target that is not a branch, or the branch the member is in.
 */
export function checkTransfer(member: Pick<MemberDoc, 'branchId'>, to: Pick<OrgDoc, '_id' | 'type' | 'ancestors'>): TransferCheck {
  if (to.type !== 'branch') return { ok: false, code: 'INVALID_INPUT', message: '只能转入党支部', field: 'toBranchId' };
  if (to._id === member.branchId) return { ok: false, code: 'INVALID_INPUT', message: '该党员已在这个支部', field: 'toBranchId' };
  return { ok: true, to: placementIn(to) };
}

/** The audit trail of a move is visible from both ends: the union of the old and new ancestors. */
export const bothEnds = (from: Placement, to: Placement): string[] => [...new Set([...from.ancestors, ...to.ancestors])];
