import { createHash, randomInt } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { CreatableOrgType, OrgCreateInput, OrgCreateResult } from '../../contracts/org';
import { db } from '../../db/db';
import { checkParent, createdOrgId, isArchived, newOrg, sameCreated, variantFor } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { authorize, targetOrg } from '../shared/authorize';

/** No 0/O, 1/I/L, as org.invite's codes. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const newInviteCode = (): string => Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/**
 * org.create: an admin adds a town (the 组织部 only: the table's `town` variant), a branch or a
 * party group under an org in their scope (the router checks the parent). Sibling names are
 * unique (the roster import finds branches by name): a retried request finds the org it made
 * (`created: false`), any other open sibling of that name is a CONFLICT. The id derives from
 * parent, type and name, so two racing identical requests meet on one document; if that id is
 * held by an org renamed or archived since, one more is drawn. One transaction: the org (a
 * branch with its invite code) and the audit record. Refused: a parent of the wrong type or
 * archived (INVALID_INPUT), one being moved (CONFLICT).
 * Requests: 8 (the caller; the parent, read by the router; the siblings of that name; the
 * transaction: start, id, add, audit, commit); 3 for a retry.
 */
export async function createOrg(ctx: MemberCtx, input: OrgCreateInput): Promise<Result<OrgCreateResult>> {
  const parent = targetOrg(ctx);
  const auth = authorize(ctx, parent.ancestors, variantFor(input.type));
  if (!auth.ok) return auth;
  const check = checkParent(input.type, parent, 'parentId');
  if (!check.ok) return fail(check.code, check.message, check.field);

  const siblings = (await db.find<OrgDoc>('orgs', { parentId: parent._id, name: input.name }, { limit: 20 })).filter((o) => !isArchived(o));
  const same = siblings.find((o) => sameCreated(o, parent._id, input.type, input.name));
  if (same) return ok({ org: view(same), created: false });
  if (siblings.length) return fail('CONFLICT', '同一上级组织下已有同名组织，请换一个名称', 'name');

  const stable = createdOrgId(parent._id, input.type, input.name, sha1);
  for (const id of [stable, `${stable}${sha1(ctx.requestId).slice(0, 6)}`]) {
    const made = await db.transaction(async (tx) => {
      const cur = await tx.get<OrgDoc>('orgs', id);
      if (cur) return sameCreated(cur, parent._id, input.type, input.name) ? { doc: cur, created: false } : null;
      const doc = newOrg({ id, parent, name: input.name, type: input.type, inviteCode: newInviteCode(), at: ctx.clock.now() });
      await tx.add('orgs', doc);
      await writeAudit(ctx, { role: auth.grant.role, action: 'org.create', targetType: 'org', targetId: id, ancestors: doc.ancestors, before: null, after: view(doc) }, tx);
      return { doc, created: true };
    });
    if (made) return ok({ org: view(made.doc), created: made.created });
  }
  return fail('CONFLICT', '同一上级组织下已有同名组织，请换一个名称', 'name');
}

const view = (o: OrgDoc): OrgCreateResult['org'] => ({ id: o._id, name: o.name, type: o.type as CreatableOrgType, parentId: o.parentId ?? '', ancestors: o.ancestors });
