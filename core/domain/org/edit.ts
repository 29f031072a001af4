import type { OrgType } from '../../contracts/auth';
import type { CreatableOrgType } from '../../contracts/org';
import type { MemberDoc, OrgDoc } from './model';
/**
 * Managing the org tree (org.create, rename, move, archive, responsibles.set), pure. The use
 * cases read, call these, and write (core/usecases/org/{create,rename,move,archive,responsibles}.ts).
 */

/**
 * Where each type may hang: a town/street under the county; a branch under a town, or directly
 * under the county (县直机关 branches such as the 组织部's own, which org.bootstrap creates); a
 * party group (the level-3 grid) under a branch.
 */
export const VALID_PARENTS: Record<CreatableOrgType, readonly OrgType[]> = {
  town: ['county'],
  branch: ['county', 'town'],
  group: ['branch'],
};

/** Grid level by type: 1 town/street, 2 branch, 3 party group (惠济's three-level grids). */
export const GRID_LEVEL: Record<CreatableOrgType, 1 | 2 | 3> = { town: 1, branch: 2, group: 3 };

export const TYPE_LABELS: Record<OrgType, string> = { county: '县（区）', town: '街道（乡镇）', branch: '党支部', group: '党小组' };

/** The permissions table's variant an action on an org of this type needs: a town is the 组织部's. */
export const variantFor = (type: OrgType): 'town' | undefined => (type === 'town' || type === 'county' ? 'town' : undefined);

export const isArchived = (o: Pick<OrgDoc, 'archivedAt'>): boolean => o.archivedAt != null;

export type Refusal = { ok: false; code: 'INVALID_INPUT' | 'CONFLICT'; message: string; field: string };
export type Check = { ok: true } | Refusal;
const refuse = (message: string, field: string, code: Refusal['code'] = 'INVALID_INPUT'): Refusal => ({ ok: false, code, message, field });

/** May an org of `type` hang under `parent`? */
export function checkParent(type: CreatableOrgType, parent: Pick<OrgDoc, 'type' | 'archivedAt' | 'moving'>, field: string): Check {
  if (isArchived(parent)) return refuse('上级组织已撤销', field);
  if (parent.moving) return refuse('上级组织正在调整隶属关系，请稍后再试', field, 'CONFLICT');
  if (!VALID_PARENTS[type].includes(parent.type)) return refuse(`${TYPE_LABELS[type]}不能设在${TYPE_LABELS[parent.type]}之下`, field);
  return { ok: true };
}

/** A stable id for "this name of this type under this parent": a retried create finds its first org. */
export function createdOrgId(parentId: string, type: CreatableOrgType, name: string, hash: (s: string) => string): string {
  return `o${hash(`${parentId}\u0000${type}\u0000${name}`).slice(0, 15)}`;
}

/** The new org document (a branch gets its invite code; the admin reads it with org.invite). */
export function newOrg(args: { id: string; parent: Pick<OrgDoc, '_id' | 'ancestors'>; name: string; type: CreatableOrgType; inviteCode: string; at: Date }): OrgDoc {
  const { id, parent, name, type, at } = args;
  return {
    _id: id,
    name,
    type,
    parentId: parent._id,
    ancestors: [...parent.ancestors, id],
    gridLevel: GRID_LEVEL[type],
    ...(type === 'branch' ? { inviteCode: args.inviteCode } : {}),
    createdAt: at,
  };
}

/** The org a create found under its id is the one asked for (a retry), or another (renamed since, archived). */
export const sameCreated = (o: Pick<OrgDoc, 'name' | 'type' | 'parentId' | 'archivedAt'>, parentId: string, type: CreatableOrgType, name: string): boolean =>
  o.name === name && o.type === type && o.parentId === parentId && !isArchived(o);

export function checkRename(o: Pick<OrgDoc, 'type' | 'archivedAt'>): Check {
  if (o.type === 'county') return refuse('县级组织的名称在初始化时确定', 'orgId');
  if (isArchived(o)) return refuse('该组织已撤销', 'orgId');
  return { ok: true };
}

/**
 * org.move: the org and everything under it hang from `to` now. Refused: the county, an archived
 * org or parent, a parent of the wrong type, the org itself or anything under it (a cycle), and a
 * move while another move of the org is unfinished to a different parent.
 */
export function checkMove(o: Pick<OrgDoc, '_id' | 'type' | 'archivedAt' | 'moving'>, to: Pick<OrgDoc, '_id' | 'type' | 'ancestors' | 'archivedAt' | 'moving'>): Check {
  if (o.type === 'county') return refuse('县级组织不能调整隶属关系', 'orgId');
  if (isArchived(o)) return refuse('该组织已撤销', 'orgId');
  if (to.ancestors.includes(o._id)) return refuse('不能调到本组织或其下级组织之下', 'toParentId');
  if (o.moving && o.moving.toParentId !== to._id) return refuse('该组织上一次调整尚未完成，请先用相同的调入组织重新提交一次', 'toParentId', 'CONFLICT');
  return checkParent(o.type, to, 'toParentId');
}

/**
 * A document under the moved org, re-anchored: the moved org's new ancestors, then the path
 * below it unchanged. A document already re-anchored comes out the same (a resumed move).
 */
export function reanchor(ancestors: readonly string[], movedId: string, movedAncestors: readonly string[]): string[] {
  const i = ancestors.indexOf(movedId);
  return i < 0 ? [...ancestors] : [...movedAncestors, ...ancestors.slice(i + 1)];
}

/** What an archive waits for: no open org below it, nobody on its roster but transferred members. */
export type ArchiveBlockers = { openChildren: number; members: number };

export function checkArchive(o: Pick<OrgDoc, 'type'>, blockers: ArchiveBlockers): Check {
  if (o.type === 'county') return refuse('县级组织不能撤销', 'orgId');
  if (blockers.openChildren > 0) return refuse(`请先撤销或调出其下的 ${blockers.openChildren} 个下级组织`, 'orgId', 'CONFLICT');
  if (blockers.members > 0) return refuse(`该组织还有 ${blockers.members} 名党员，请先办理组织关系转接`, 'orgId', 'CONFLICT');
  return { ok: true };
}

/**
 * A grid's responsible person must be on the roster (not transferred out) under the grid's
 * parent: a party group's 第一责任人 is usually the branch secretary, its 直接责任人 the grid
 * leader, both members of the branch; a branch's are members of its town.
 */
export function checkResponsible(grid: Pick<OrgDoc, '_id' | 'parentId' | 'ancestors'>, m: Pick<MemberDoc, 'ancestors' | 'status'> | null, field: 'first' | 'direct'): Check {
  const who = field === 'first' ? '第一责任人' : '直接责任人';
  if (!m) return refuse(`${who}不在花名册中`, field);
  if (m.status === 'transferred') return refuse(`${who}已转出`, field);
  const within = grid.parentId ?? grid._id;
  if (!m.ancestors.includes(within)) return refuse(`${who}应为本组织或上级组织的党员`, field);
  return { ok: true };
}

/**
 * The collections whose documents carry the `ancestors` of where they are NOW, and so follow an
 * org.move: the roster, balances (the ledger audit and award scope read them), claims (the
 * review queues), events (their check-in scope), store items (who sees them), and the current
 * state other areas keep per member or org (open reviews and their 整改, ranking exclusions,
 * org balances, assessment categories, campaigns). A name the schema does not have is skipped.
 */
export const MOVE_FOLLOWERS: readonly string[] = ['members', 'balances', 'claims', 'events', 'storeItems', 'reviews', 'rankExclusions', 'orgBalances', 'memberCategories', 'campaigns'];
/** Followers that also name the member's branch: a party group moved to another branch takes them along. */
export const BRANCH_FOLLOWERS: readonly string[] = ['members', 'claims', 'memberCategories'];
/**
 * Collections with `ancestors` that are history and keep the place they were written under: the
 * ledgers (entries keep where they were earned, as with a member transfer; their hash chains
 * cover them), the audit log, and what was decided or published for a period (monthly stars,
 * 评议 rounds, assessment results and their appeals).
 * tests/functions/org/move.test.ts checks every collection indexed on `ancestors` is in one list.
 */
export const MOVE_HISTORY: readonly string[] = ['ledger', 'audit', 'orgLedger', 'stars', 'rounds', 'assessResults', 'appeals'];

/** Where a document's path below the moved org was before the move (for the not-yet-moved filter). */
export const pathBefore = (ancestors: readonly string[], movedId: string, from: readonly string[]): string[] => reanchor(ancestors, movedId, from);
