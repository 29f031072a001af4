import type { ClaimView, CreditResult, RuleView } from '../../contracts/points';
import { cmd, db } from '../../db/db';
import { tempFileUrls } from '../../db/temp-url';
import type { ClaimDoc } from '../../domain/points/claims';
import type { LedgerEntry } from '../../domain/points/ledger';
import type { RuleDoc } from '../../domain/points/rule';
import { iso } from '../../domain/time';

/** Shapes stored docs into the contract's views (instants as ISO strings). */

export function ruleView(r: RuleDoc): RuleView {
  return {
    id: r._id,
    code: r.code,
    version: r.version,
    name: r.name,
    category: r.category,
    evalPoints: r.evalPoints,
    redeemPoints: r.redeemPoints,
    trigger: r.trigger,
    caps: { ...r.caps },
    evidence: r.evidence,
    approverRole: r.approverRole,
    description: r.description,
    scopeOrgId: r.scopeOrgId,
    status: r.status,
    activeFrom: iso(r.activeFrom)!,
    activeTo: iso(r.activeTo),
  };
}

export function claimView(c: ClaimDoc, urls?: Map<string, string>): ClaimView {
  return {
    id: c._id,
    memberId: c.memberId,
    memberName: c.memberName,
    branchId: c.branchId,
    rule: { id: c.rule._id, code: c.rule.code, name: c.rule.name, version: c.rule.version, evalPoints: c.rule.evalPoints, redeemPoints: c.rule.redeemPoints, evidence: c.rule.evidence },
    note: c.note,
    photos: c.photos,
    photoUrls: urls ? c.photos.map((f) => urls.get(f) ?? '') : [],
    onBehalf: c.onBehalf,
    reporterId: c.reporterId,
    reporterName: c.reporterName,
    status: c.status,
    createdAt: iso(c.createdAt)!,
    decidedAt: iso(c.decidedAt),
    deciderName: c.deciderName,
    reason: c.reason,
    entryId: c.entryId,
  };
}

/** Views of claims with temp URLs for all their photos (one storage request per 50 photos). */
export async function claimViewsWithPhotos(claims: ClaimDoc[]): Promise<ClaimView[]> {
  const files = claims.flatMap((c) => c.photos);
  const urls = files.length ? await tempFileUrls(files) : new Map<string, string>();
  return claims.map((c) => claimView(c, urls));
}

export function creditResult(e: LedgerEntry, duplicate: boolean): CreditResult {
  return { entryId: e._id, memberId: e.memberId, eval: e.eval, redeem: e.redeem, ruleId: e.ruleId, at: iso(e.createdAt)!, duplicate };
}

/** Rule names for entries (one read for all the versions on a page). */
export async function ruleNames(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rules = await db.find<RuleDoc>('rules', { _id: cmd().in(unique) }, { limit: 1000, fields: { name: true, code: true } });
  return new Map(rules.map((r) => [r._id, r.name]));
}
