import type { Permission } from '../contracts/permissions';
import type { RoleGrant } from '../contracts/roles';
import type { Actor } from '../domain/authz';
import type { MemberDoc, OrgDoc } from '../domain/org/model';
import type { Clock } from './clock';
import type { Logger } from './logger';

/** What every use case receives besides its input. */
export type Ctx = {
  requestId: string;
  openid: string | undefined;
  clock: Clock;
  log: Logger;
  /**
   * Set when the web console calls (docs/console.md): the platform named a CloudBase custom user,
   * the live console session `consoleSessionId`; `openid` is then the member's own.
   */
  via?: 'console';
  consoleSessionId?: string;
};

/**
 * A call by a bound member: `member` is their roster entry as read for this call, `permission`
 * the action's row of the permissions table, and `target` what the router resolved and checked
 * for it (the org or member named in the input, with the caller's grant on it; a member acting
 * on themself has no grant).
 */
export type MemberCtx = Ctx & {
  openid: string;
  actor: Actor;
  member: MemberDoc;
  permission: Permission;
  target: { org?: OrgDoc; member?: MemberDoc; grant?: RoleGrant };
};
