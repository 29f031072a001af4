import type { Role } from '../contracts/roles';

/** One staff write: who, in which role, did what to what, before and after. Append-only. */
export type AuditDoc = {
  _id: string;
  actorId: string;
  actorName: string;
  role: Role;
  /** `<function>.<action>`, e.g. `points.claims.approve`. */
  action: string;
  targetType: string;
  targetId: string;
  /** The target's org ancestors, so `org.audit.list` can filter a subtree with an index. */
  ancestors: string[];
  before: unknown;
  after: unknown;
  reason: string;
  requestId: string;
  at: Date;
  /** `console` when the write came from the web console (docs/console.md); absent from the mini-program. */
  via?: 'console';
};

/** What a use case says of its write; who, when and the request come from the call. */
export type AuditInput = Pick<AuditDoc, 'role' | 'action' | 'targetType' | 'targetId' | 'ancestors' | 'before' | 'after'> & { reason?: string };
