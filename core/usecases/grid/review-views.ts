import { FINDING_TAG_LABELS, REVIEW_KIND_LABELS, type ReviewView } from '../../contracts/grid';
import { isOverdue, type ReviewDoc } from '../../domain/grid/review';
import { iso } from '../../domain/time';

export function reviewView(r: ReviewDoc, today: string): ReviewView {
  const measures = r.findings.map((f) => f.measure).filter((m) => m !== null);
  return {
    id: r._id,
    orgId: r.orgId,
    orgName: r.orgName,
    reviewerId: r.reviewerId,
    reviewerName: r.reviewerName,
    kind: r.kind,
    kindLabel: REVIEW_KIND_LABELS[r.kind],
    date: r.date,
    findings: r.findings.map((f) => ({
      id: f.id,
      tag: f.tag,
      tagLabel: FINDING_TAG_LABELS[f.tag],
      text: f.text,
      photos: f.photos,
      promoted: f.promoted,
      responses: f.responses.map((x) => ({ text: x.text, by: x.byName, at: iso(x.at)! })),
      measure: f.measure
        ? {
            text: f.measure.text,
            responsibleId: f.measure.responsibleId,
            deadline: f.measure.deadline,
            status: f.measure.status,
            overdue: isOverdue(f.measure, today),
            evidence: f.measure.evidence ? { text: f.measure.evidence.text, photos: f.measure.evidence.photos, at: iso(f.measure.evidence.at)! } : null,
            history: f.measure.history.map((h) => ({ kind: h.kind, note: h.note, by: h.byName, at: iso(h.at)!, deadline: h.deadline })),
          }
        : null,
    })),
    openMeasures: measures.filter((m) => m.status === 'open').length,
    overdueMeasures: measures.filter((m) => isOverdue(m, today)).length,
    createdAt: iso(r.createdAt)!,
  };
}
