/**
 * 点评台账: a leader's review of an org below them (pure; the clock is a parameter).
 *
 * A review holds findings tagged 亮点/难点/热点/弱点; a problem may carry a 整改 measure with a
 * responsible person and a deadline (a China-time date). The reviewed org responds per finding
 * and reports a measure done with evidence; the reviewer re-checks it (定期复查): pass, or reopen
 * with a new deadline. A measure open past its deadline is overdue; the timer reminds both sides
 * once per deadline (`nextReminder` is the earliest deadline not yet reminded, indexed).
 */
export type ReviewKind = 'onsite' | 'random' | 'individual' | 'cross';
export type FindingTag = 'highlight' | 'difficulty' | 'hotspot' | 'weakness';
export type MeasureStatus = 'open' | 'done' | 'passed';

export type MeasureEvent = { kind: 'set' | 'done' | 'pass' | 'reopen'; note: string; byId: string; byName: string; at: Date; deadline: string | null };

export type Measure = {
  text: string;
  responsibleId: string | null;
  /** YYYY-MM-DD, China time: due by the end of that day. */
  deadline: string;
  status: MeasureStatus;
  evidence: { text: string; photos: string[]; at: Date } | null;
  /** When it was last reported done (China date), to judge "on time". */
  doneOn: string | null;
  /** The deadline a reminder went out for (once per deadline). */
  remindedFor: string | null;
  history: MeasureEvent[];
};

export type Finding = {
  id: string;
  tag: FindingTag;
  text: string;
  photos: string[];
  promoted: boolean;
  responses: { text: string; byId: string; byName: string; at: Date }[];
  measure: Measure | null;
};

export type ReviewDoc = {
  _id: string;
  orgId: string;
  orgName: string;
  /** The reviewed org's ancestors (self last). */
  ancestors: string[];
  reviewerId: string;
  reviewerName: string;
  /** The org of the grant the reviewer reviewed under (strictly above the reviewed org). */
  reviewerOrgId: string;
  kind: ReviewKind;
  date: string;
  findings: Finding[];
  /** Some highlight is marked for 推广 (county-wide list). */
  promoted: boolean;
  /** Earliest deadline of an open measure not reminded for yet (null: none). */
  nextReminder: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type By = { id: string; name: string };
export type ReviewRefusal = { ok: false; code: 'NOT_FOUND' | 'MEASURE_WRONG_STATE' | 'INVALID_INPUT'; message: string; field?: string };
export type ReviewChange = { ok: true; findings: Finding[]; nextReminder: string | null; promoted: boolean } | ReviewRefusal;

export function newFindings(input: { tag: FindingTag; text: string; photos: string[]; measure?: { text: string; responsibleId?: string; deadline: string } }[], by: By, at: Date): Finding[] {
  return input.map((f, n) => ({
    id: `f${n + 1}`,
    tag: f.tag,
    text: f.text,
    photos: f.photos,
    promoted: false,
    responses: [],
    measure: f.measure
      ? {
          text: f.measure.text,
          responsibleId: f.measure.responsibleId ?? null,
          deadline: f.measure.deadline,
          status: 'open',
          evidence: null,
          doneOn: null,
          remindedFor: null,
          history: [{ kind: 'set', note: f.measure.text, byId: by.id, byName: by.name, at, deadline: f.measure.deadline }],
        }
      : null,
  }));
}

/** The earliest deadline of an open measure whose reminder has not gone out. */
export function nextReminderOf(findings: readonly Finding[]): string | null {
  const due = findings.map((f) => f.measure).filter((m): m is Measure => !!m && m.status === 'open' && m.remindedFor !== m.deadline);
  return due.length ? due.map((m) => m.deadline).sort()[0] : null;
}

export const isOverdue = (m: Measure, today: string): boolean => m.status === 'open' && m.deadline < today;
export const doneOnTime = (m: Measure): boolean => m.status !== 'open' && m.doneOn !== null && m.doneOn <= m.deadline;

const change = (findings: Finding[]): ReviewChange => ({ ok: true, findings, nextReminder: nextReminderOf(findings), promoted: findings.some((f) => f.promoted) });
const refuse = (code: ReviewRefusal['code'], message: string, field?: string): ReviewRefusal => ({ ok: false, code, message, ...(field ? { field } : {}) });

function edit(findings: readonly Finding[], id: string, f: (x: Finding) => Finding | ReviewRefusal): ReviewChange {
  const at = findings.findIndex((x) => x.id === id);
  if (at < 0) return refuse('NOT_FOUND', '没有找到这条点评内容', 'findingId');
  const next = f(findings[at]);
  if ('ok' in next) return next;
  return change(findings.map((x, i) => (i === at ? next : x)));
}

export const respond = (findings: readonly Finding[], id: string, text: string, by: By, at: Date): ReviewChange =>
  edit(findings, id, (f) => ({ ...f, responses: [...f.responses, { text, byId: by.id, byName: by.name, at }] }));

/** The reviewed org reports a measure done with evidence (`today`: China date). */
export const markDone = (findings: readonly Finding[], id: string, ev: { text: string; photos: string[] }, by: By, at: Date, today: string): ReviewChange =>
  edit(findings, id, (f) => {
    if (!f.measure) return refuse('MEASURE_WRONG_STATE', '这条点评没有整改措施');
    if (f.measure.status !== 'open') return refuse('MEASURE_WRONG_STATE', '该整改措施已报送完成');
    return {
      ...f,
      measure: {
        ...f.measure,
        status: 'done',
        evidence: { ...ev, at },
        doneOn: today,
        history: [...f.measure.history, { kind: 'done', note: ev.text, byId: by.id, byName: by.name, at, deadline: null }],
      },
    };
  });

/** The reviewer re-checks: pass a done measure, or reopen (done or open) with a later deadline. */
export function recheck(
  findings: readonly Finding[],
  id: string,
  r: { result: 'pass'; note: string } | { result: 'reopen'; note: string; deadline: string },
  by: By,
  at: Date,
  today: string,
): ReviewChange {
  return edit(findings, id, (f) => {
    const m = f.measure;
    if (!m) return refuse('MEASURE_WRONG_STATE', '这条点评没有整改措施');
    if (r.result === 'pass') {
      if (m.status !== 'done') return refuse('MEASURE_WRONG_STATE', '整改尚未报送完成，不能复查通过');
      return { ...f, measure: { ...m, status: 'passed', history: [...m.history, { kind: 'pass', note: r.note, byId: by.id, byName: by.name, at, deadline: null }] } };
    }
    if (m.status === 'passed') return refuse('MEASURE_WRONG_STATE', '该整改已复查通过');
    if (r.deadline < today) return refuse('INVALID_INPUT', '新的整改期限不能早于今天', 'deadline');
    return {
      ...f,
      measure: { ...m, status: 'open', deadline: r.deadline, doneOn: null, history: [...m.history, { kind: 'reopen', note: r.note, byId: by.id, byName: by.name, at, deadline: r.deadline }] },
    };
  });
}

export const promote = (findings: readonly Finding[], id: string, on: boolean): ReviewChange =>
  edit(findings, id, (f) => (f.tag === 'highlight' ? { ...f, promoted: on } : refuse('INVALID_INPUT', '只有亮点可以推广', 'findingId')));

/** Measures the timer reminds about at `today`: open, past the deadline, not reminded for it. */
export function dueReminders(findings: readonly Finding[], today: string): Finding[] {
  return findings.filter((f) => f.measure && isOverdue(f.measure, today) && f.measure.remindedFor !== f.measure.deadline);
}

export function markReminded(findings: readonly Finding[], ids: readonly string[]): Finding[] {
  return findings.map((f) => (f.measure && ids.includes(f.id) ? { ...f, measure: { ...f.measure, remindedFor: f.measure.deadline } } : f));
}

export type TagCounts = Record<FindingTag, number>;
export type ReviewTally = { reviews: number; byTag: TagCounts; measures: number; doneOnTime: number; overdue: number };

export const emptyTally = (): ReviewTally => ({ reviews: 0, byTag: { highlight: 0, difficulty: 0, hotspot: 0, weakness: 0 }, measures: 0, doneOnTime: 0, overdue: 0 });

/** Adds one review to a tally (findings by tag, measures done on time, overdue at `today`). */
export function tally(into: ReviewTally, r: Pick<ReviewDoc, 'findings'>, today: string): ReviewTally {
  into.reviews++;
  for (const f of r.findings) {
    into.byTag[f.tag]++;
    if (!f.measure) continue;
    into.measures++;
    if (doneOnTime(f.measure)) into.doneOnTime++;
    if (isOverdue(f.measure, today)) into.overdue++;
  }
  return into;
}
