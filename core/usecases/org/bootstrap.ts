import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { BootstrapInput, BootstrapResult } from '../../contracts/org';
import { db } from '../../db/db';
import type { AuditDoc } from '../../domain/audit';
import { BOOTSTRAP_ACTOR, BOOTSTRAP_CODE_ENV, bootstrapView, compareBootstrap, COUNTY_ROOT_ID, planBootstrap } from '../../domain/org/bootstrap';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import type { Ctx } from '../../runtime/context';
import { newInviteCode } from './create';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** The env's bootstrap code, compared in constant time; absent: no bootstrap on this env. */
function codeRefusal(given: string): string | null {
  const want = process.env[BOOTSTRAP_CODE_ENV];
  if (!want || want.length < 16) return '本环境未配置初始化口令（云函数 org 的环境变量 HGJ_BOOTSTRAP_CODE）';
  return timingSafeEqual(digest(given), digest(want)) ? null : '初始化口令不正确';
}

/**
 * org.bootstrap: a county's first day on an empty env, once. Public (nobody is bound yet; the
 * operator's script calls it through the management API, docs/flows/bootstrap.md), so it is
 * guarded by the env's bootstrap code instead of an identity: the org function's environment
 * variable HGJ_BOOTSTRAP_CODE, which the deploy sets and prints (FORBIDDEN without it or with
 * another code). In one transaction: the county root (`county`, with the record of what it
 * made), the 组织部's branch under it with its invite code, the first admin's roster entry
 * (countyAdmin on the county, unbound) and empty balance, version 1 of every default rule
 * (core/domain/rules/catalog.ts) and the audit record (actor `system:bootstrap`). The admin
 * then binds with auth.bind: that invite code, their name and phone.
 * Idempotent: a run on a bootstrapped env writes nothing and answers the same state (the invite
 * only until the admin has bound); different names or phone, or a county not made by bootstrap,
 * are CONFLICT. Two racing runs meet on the county document: one creates, the other answers.
 * Requests: 1 + 8 + the rules (the county root; the transaction: start, root, root, branch,
 * admin, balance, each rule, audit, commit); 3 on a bootstrapped env (root, then branch and admin).
 */
export async function bootstrap(ctx: Ctx, input: BootstrapInput): Promise<Result<BootstrapResult>> {
  const refusal = codeRefusal(input.code);
  if (refusal) return fail('FORBIDDEN', refusal, 'code');

  const existing = await db.get<OrgDoc>('orgs', COUNTY_ROOT_ID);
  if (existing) return answerExisting(input, existing);

  const at = ctx.clock.now();
  const plan = planBootstrap(input, { branchId: `o${randomBytes(8).toString('hex')}`, adminId: `m${randomBytes(8).toString('hex')}`, inviteCode: newInviteCode() }, at);
  const created = await db.transaction(async (tx) => {
    if (await tx.get<OrgDoc>('orgs', COUNTY_ROOT_ID)) return false;
    await tx.add('orgs', plan.county);
    await tx.add('orgs', plan.branch);
    await tx.add('members', plan.admin);
    await tx.add('balances', plan.balance as unknown as { _id: string });
    for (const r of plan.rules) await tx.add('rules', r);
    const audit: AuditDoc = {
      _id: `aud:${COUNTY_ROOT_ID}:org.bootstrap`,
      actorId: BOOTSTRAP_ACTOR.id,
      actorName: BOOTSTRAP_ACTOR.name,
      role: 'countyAdmin',
      action: 'org.bootstrap',
      targetType: 'org',
      targetId: COUNTY_ROOT_ID,
      ancestors: [COUNTY_ROOT_ID],
      before: null,
      after: { county: plan.county.name, branch: { id: plan.branch._id, name: plan.branch.name }, admin: { id: plan.admin._id, name: plan.admin.name }, rules: plan.county.bootstrap?.rules ?? [] },
      reason: '系统初始化',
      requestId: ctx.requestId,
      at,
    };
    await tx.add('audit', audit);
    return true;
  });
  if (!created) {
    const now = await db.get<OrgDoc>('orgs', COUNTY_ROOT_ID);
    return now ? answerExisting(input, now) : fail('INTERNAL');
  }
  ctx.log.info('county bootstrapped', { requestId: ctx.requestId, countyName: plan.county.name });
  return ok(bootstrapView(plan, true));
}

async function answerExisting(input: BootstrapInput, county: OrgDoc): Promise<Result<BootstrapResult>> {
  const b = county.bootstrap;
  const [branch, admin] = b ? await Promise.all([db.get<OrgDoc>('orgs', b.branchId), db.get<MemberDoc>('members', b.adminMemberId)]) : [null, null];
  const same = compareBootstrap(input, { county, branch, admin });
  if (!same.ok || !branch) return fail('CONFLICT', same.ok ? undefined : same.message);
  return ok(bootstrapView({ county, branch, admin }, false));
}
