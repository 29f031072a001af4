import { createHash, randomUUID } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { DedicationLogInput, DedicationLogResult, DedicationLogView } from '../../contracts/events';
import { db, DuplicateKeyError } from '../../db/db';
import { checkLogDate } from '../../domain/events/dedication';
import { capFull, checkSubmission, claimFingerprint, evidenceOwnedBy, newClaim, type ClaimDoc } from '../../domain/points/claims';
import type { BalanceDoc } from '../../domain/points/ledger';
import { ruleActive, type RuleDoc } from '../../domain/points/rule';
import type { MemberCtx } from '../../runtime/context';
import { iso } from '../../domain/time';
export const DEDICATION_LOG_RULE = 'DEDICATION_LOG';

/** A member's own dedication-day service outside an event (`_id` dl<hex>; its claim is c<same hex>). */
export type DedicationLogDoc = {
  _id: string;
  memberId: string;
  memberName: string;
  branchId: string;
  ancestors: string[];
  /** China date of the service, and its month (YYYY-MM) for the monthly view. */
  date: string;
  month: string;
  place: string;
  content: string;
  hours: number;
  photos: string[];
  claimId: string;
  fingerprint: string;
  createdAt: Date;
};

/** A claim as points.claims.* handle it, plus where it came from. */
export type DedicationClaimDoc = ClaimDoc & { source: { type: 'dedication'; id: string } };

export function logView(l: DedicationLogDoc, status: DedicationLogView['status']): DedicationLogView {
  return { id: l._id, date: l.date, place: l.place, content: l.content, hours: l.hours, photos: l.photos, claimId: l.claimId, status, createdAt: iso(l.createdAt)! };
}

/**
 * events.dedication.log: a member who served on their own (not at an event) logs it — date,
 * place, content, hours, photos — and it becomes a pending DEDICATION_LOG claim in the
 * secretary's review queue (points.claims.*), which credits it on approval. Refused up front
 * (as claims.submit does) when the rule's month cap is already used. Both documents in one
 * transaction; `requestId` makes a retry answer with the first log.
 * Requests: caller 1, rule 1, balance 1, transaction 4 (start, log add, claim add, commit) = 7.
 */
export async function dedicationLog(ctx: MemberCtx, input: DedicationLogInput): Promise<Result<DedicationLogResult>> {
  const now = ctx.clock.now();
  const m = ctx.member;
  const dateIssue = checkLogDate(input.date, now);
  if (dateIssue) return fail('INVALID_INPUT', dateIssue, 'date');
  if (!evidenceOwnedBy(input.photos, m._id)) return fail('INVALID_INPUT', '填写的内容有误：photos（只能使用本人上传的照片）', 'photos');
  const [rules, balance] = await Promise.all([db.find<RuleDoc>('rules', { code: DEDICATION_LOG_RULE, status: 'active' }, { limit: 100 }), db.get<BalanceDoc>('balances', m._id)]);
  const rule = rules
    .filter((r) => ruleActive(r, now) && m.ancestors.includes(r.scopeOrgId))
    .sort((a, b) => m.ancestors.indexOf(b.scopeOrgId) - m.ancestors.indexOf(a.scopeOrgId) || b.version - a.version)[0];
  if (!rule) return fail('RULE_INACTIVE', '奉献日服务补登当前未启用');
  const refusal = checkSubmission({ rule, reporter: ctx.actor, member: m, leader: false, photos: input.photos.length, at: now });
  if (refusal) return fail(refusal);
  if (capFull(balance?.caps, rule, now)) return fail('CAP_EXCEEDED', '本月奉献日服务补登已达上限');

  const hex = input.requestId ? createHash('sha256').update(`${m._id}:ded:${input.requestId}`).digest('hex').slice(0, 24) : randomUUID().replace(/-/g, '').slice(0, 24);
  const note = `奉献日服务（${input.date}，${input.place}，${input.hours}小时）：${input.content}`.slice(0, 500);
  const fingerprint = claimFingerprint({ memberId: m._id, reporterId: m._id, ruleCode: rule.code, note, photos: input.photos });
  const log: DedicationLogDoc = {
    _id: `dl${hex}`,
    memberId: m._id,
    memberName: m.name,
    branchId: m.branchId,
    ancestors: m.ancestors,
    date: input.date,
    month: input.date.slice(0, 7),
    place: input.place,
    content: input.content,
    hours: input.hours,
    photos: input.photos,
    claimId: `c${hex}`,
    fingerprint,
    createdAt: now,
  };
  const claim: DedicationClaimDoc = {
    ...newClaim({ id: log.claimId, member: m, reporter: { id: m._id, name: m.name }, rule, note, photos: input.photos, at: now }),
    source: { type: 'dedication', id: log._id },
  };

  try {
    await db.transaction(async (tx) => {
      await tx.add('dedicationLogs', log);
      await tx.add('claims', claim);
    });
  } catch (e) {
    if (!(e instanceof DuplicateKeyError)) throw e;
    const first = await db.get<DedicationLogDoc>('dedicationLogs', log._id);
    if (!first || first.fingerprint !== fingerprint) return fail('CONFLICT');
    const c = await db.get<ClaimDoc>('claims', first.claimId);
    return ok({ log: logView(first, c?.status ?? 'pending'), duplicate: true });
  }
  return ok({ log: logView(log, 'pending'), duplicate: false });
}
