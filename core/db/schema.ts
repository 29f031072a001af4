/**
 * Every collection the backend uses, with the indexes production needs. The local cloud creates
 * them from this list; `docs/operations.md` says how to create the same on a CloudBase env.
 * Uniqueness of natural keys lives here (idempotency keys are `_id`s already).
 */
export type IndexSpec = { field: string; unique?: boolean };

export const COLLECTIONS = {
  /** Org tree: county -> town -> branch -> group. `ancestors` (self included) makes subtree queries indexed. */
  orgs: [{ field: 'parentId' }, { field: 'ancestors' }, { field: 'type' }, { field: 'inviteCode', unique: true }],
  /** Roster. Roles are embedded (`roles: [{role, orgId}]`) so one read authorises a caller. */
  members: [{ field: 'branchId' }, { field: 'ancestors' }, { field: 'phone' }, { field: 'name' }, { field: 'roles.orgId' }],
  /** `_id` is the openid: one openid <-> one member. */
  bindings: [{ field: 'memberId', unique: true }],
  /** Failed binding attempts per openid per hour, for rate limiting. */
  bindAttempts: [{ field: 'openid' }],
  /** Points rules catalog, one doc per rule version. */
  rules: [{ field: 'code' }, { field: 'scopeOrgId' }],
  /** Append-only audit log of staff writes. */
  audit: [{ field: 'actorId' }, { field: 'ancestors' }],
  /** Notifications waiting to be sent as subscribe messages. */
  outbox: [{ field: 'memberId' }, { field: 'status' }],
} satisfies Record<string, IndexSpec[]>;

export type CollectionName = keyof typeof COLLECTIONS;

export function collectionSpecs(): { name: string; indexes: IndexSpec[] }[] {
  return Object.entries(COLLECTIONS).map(([name, indexes]) => ({ name, indexes }));
}
