import type { Role } from '../../contracts/roles';

/** Who runs a points store: its keepers, and the admins of its org or an org above it. */
export const KEEPER_ROLES: readonly Role[] = ['storeKeeper', 'orgAdmin'];
