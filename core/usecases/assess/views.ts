import type { OrgEntryView, ResultView } from '../../contracts/assess';
import { GRADE_LABELS, MEMBER_METRIC_LABELS, ORG_GRADE_LABELS, type Grade, type OrgGrade } from '../../domain/assess/config';
import type { OrgEntry } from '../../domain/assess/org-ledger';
import type { ResultDoc } from '../../domain/assess/model';
import { iso } from '../../domain/time';

export function entryView(e: OrgEntry, name: string): OrgEntryView {
  return {
    id: e._id,
    ruleCode: e.ruleCode,
    ruleVersion: e.ruleVersion,
    name,
    category: e.origin.category,
    basis: e.origin.basis,
    amount: e.eval,
    quarter: e.origin.quarter,
    sourceId: e.source.id,
    metric: e.origin.metric ?? null,
    evidence: e.origin.evidence ?? [],
    documentRef: e.origin.documentRef ?? '',
    roundId: e.origin.roundId ?? null,
    reversalOf: e.reversalOf,
    note: e.note,
    createdAt: iso(e.createdAt)!,
  };
}

export const gradeName = (g: string): string => (GRADE_LABELS as Record<string, string>)[g] ?? (ORG_GRADE_LABELS as Record<string, string>)[g] ?? g;

export function resultView(r: ResultDoc, status: string): ResultView {
  return {
    id: r._id,
    cycleId: r.cycleId,
    quarter: r.quarter,
    kind: r.kind,
    subjectId: r.subjectId,
    name: r.name,
    branchId: r.branchId,
    category: r.category,
    cadre: r.cadre,
    version: r.version,
    current: r.current,
    status,
    score: r.score,
    grade: r.grade,
    gradeName: gradeName(r.grade as Grade | OrgGrade),
    allowance: r.allowance,
    items: r.items.map((i) => ({ ...i, name: MEMBER_METRIC_LABELS[i.metric] })),
    parts: r.parts ? { base: r.parts.base, pioneer: r.parts.pioneer, bonus: r.parts.bonus, review: r.parts.review } : null,
    movement: r.movement,
    supersedes: r.supersedes,
    appealId: r.appealId,
  };
}
