import { deadlineFor, type Category } from './config';
import { handlingBucket, type CounterDelta } from './kpi';

/**
 * A grid issue and its state machine (pure; the clock is a parameter).
 *
 *   reported ─accept→ accepted ─assign→ assigned ─resolve→ resolved ─verify→ verified ─close→ closed
 *      └─return→ returned (end)            ↑ reassign            └─reopen→ reopened ─resolve/assign…
 *   escalate (by hand, or the timer when a level's deadline passes): reported/accepted/assigned/
 *   reopened move one level up (group → branch → town → county); the upper level must accept
 *   (from reported) or assign again; at the county an overdue issue is marked overdue once.
 * Every transition appends a timeline record (who, when, note). KPIs count the issue in the month
 * it was reported (its cohort): see kpi.ts.
 */
export type IssueState = 'reported' | 'accepted' | 'returned' | 'assigned' | 'resolved' | 'verified' | 'reopened' | 'closed';
export const ISSUE_STATES: readonly IssueState[] = ['reported', 'accepted', 'returned', 'assigned', 'resolved', 'verified', 'reopened', 'closed'];
export const STATE_LABELS: Record<IssueState, string> = {
  reported: '待受理',
  accepted: '已受理',
  returned: '已退回',
  assigned: '处置中',
  resolved: '待核实',
  verified: '已核实',
  reopened: '重新处置',
  closed: '已办结',
};
/** States in which the level holding the issue has to act, so a deadline runs. */
export const RUNNING_STATES: readonly IssueState[] = ['reported', 'accepted', 'assigned', 'reopened'];

export type TransitionKind = 'report' | 'accept' | 'return' | 'assign' | 'resolve' | 'verify' | 'reopen' | 'close' | 'escalate' | 'overdue';

export type Assignee = { kind: 'member'; memberId: string; name: string; ancestors: string[] } | { kind: 'org'; orgId: string; name: string; ancestors: string[] };

export type TimelineRecord = {
  seq: number;
  kind: TransitionKind;
  from: IssueState | null;
  to: IssueState;
  actorId: string;
  actorName: string;
  at: Date;
  note: string;
  /** The org that held the issue after the transition. */
  levelOrgId: string;
  photos?: string[];
  /** An escalation by the timer (the deadline passed) rather than by hand. */
  auto?: boolean;
};

export type Location = { latitude: number; longitude: number };

export type IssueDoc = {
  _id: string;
  category: string;
  categoryName: string;
  text: string;
  photos: string[];
  /** Where the issue is (picked on a map or the current position), not where the reporter was. */
  location: Location;
  /** Hidden from residents (never from staff): the reporter's name is not shown publicly. */
  anonymous: boolean;
  reporterId: string;
  reporterName: string;
  gridId: string;
  /** The grid's ancestors, county first, the grid last: the KPI path and the scope of staff. */
  ancestors: string[];
  /** Who may see the issue: the grid's ancestors and those of the org it is assigned to. */
  scopeIds: string[];
  /** Index into `ancestors` of the org that holds the issue now (grid: last; county: 0). */
  levelIndex: number;
  levelOrgId: string;
  state: IssueState;
  assignee: Assignee | null;
  resolverId: string | null;
  resolution: { note: string; photos: string[] } | null;
  /** China-time month of the report ('2026-11'): the KPI cohort. */
  month: string;
  reportedAt: Date;
  acceptedAt: Date | null;
  closedAt: Date | null;
  /** When the current level took the issue. */
  levelSince: Date;
  /** When the current level's time is up (null while nobody at the level has to act). */
  deadlineAt: Date | null;
  /** Bumped with every new deadline: the timer escalates once per deadline. */
  deadlineSeq: number;
  /** Went past a deadline at least once (counted once in the KPIs). */
  overdue: boolean;
  escalations: number;
  /** Points credited through the rule catalog (once per issue each). */
  credited: { reported: 'credited' | 'capped' | null; resolved: 'credited' | 'capped' | null };
  returnKind: 'invalid' | 'duplicate' | null;
  timeline: TimelineRecord[];
  updatedAt: Date;
};

export type Actor = { id: string; name: string };

export type Transition =
  | { kind: 'accept'; note: string }
  | { kind: 'return'; reason: string; duplicate: boolean }
  | { kind: 'assign'; assignee: Assignee; note: string }
  | { kind: 'resolve'; note: string; photos: string[] }
  | { kind: 'verify'; note: string }
  | { kind: 'reopen'; reason: string }
  | { kind: 'close'; note: string }
  | { kind: 'escalate'; reason: string; auto: boolean }
  | { kind: 'overdue' };

export type IssueRefusal = 'ISSUE_WRONG_STATE' | 'ISSUE_NOT_ASSIGNED' | 'ISSUE_CLOSED' | 'ISSUE_TOP_LEVEL' | 'ISSUE_NOT_DUE';

export type Decided = {
  ok: true;
  patch: Partial<IssueDoc>;
  record: TimelineRecord;
  counters: CounterDelta;
  /** Points to credit with this transition. */
  credit: 'reported' | 'resolved' | null;
};
export type Decision = Decided | { ok: false; code: IssueRefusal; message: string };

const ALLOWED: Record<Exclude<TransitionKind, 'report'>, readonly IssueState[]> = {
  accept: ['reported'],
  return: ['reported'],
  assign: ['accepted', 'assigned', 'reopened'],
  resolve: ['assigned', 'reopened'],
  verify: ['resolved'],
  reopen: ['resolved'],
  close: ['verified'],
  escalate: RUNNING_STATES,
  overdue: RUNNING_STATES,
};

const refuse = (code: IssueRefusal, message: string): Decision => ({ ok: false, code, message });

/** A new issue as reported (the grid's ancestors, its category, the clock). */
export function newIssue(p: {
  id: string;
  category: Category;
  text: string;
  photos: string[];
  location: Location;
  anonymous: boolean;
  reporter: Actor;
  gridAncestors: string[];
  month: string;
  at: Date;
}): IssueDoc {
  const levelIndex = p.gridAncestors.length - 1;
  const gridId = p.gridAncestors[levelIndex];
  return {
    _id: p.id,
    category: p.category.code,
    categoryName: p.category.name,
    text: p.text,
    photos: p.photos,
    location: p.location,
    anonymous: p.anonymous,
    reporterId: p.reporter.id,
    reporterName: p.reporter.name,
    gridId,
    ancestors: p.gridAncestors,
    scopeIds: p.gridAncestors,
    levelIndex,
    levelOrgId: gridId,
    state: 'reported',
    assignee: null,
    resolverId: null,
    resolution: null,
    month: p.month,
    reportedAt: p.at,
    acceptedAt: null,
    closedAt: null,
    levelSince: p.at,
    deadlineAt: deadlineFor(p.category, levelIndex, p.at),
    deadlineSeq: 1,
    overdue: false,
    escalations: 0,
    credited: { reported: null, resolved: null },
    returnKind: null,
    timeline: [{ seq: 1, kind: 'report', from: null, to: 'reported', actorId: p.reporter.id, actorName: p.reporter.name, at: p.at, note: p.text, levelOrgId: gridId, photos: p.photos }],
    updatedAt: p.at,
  };
}

/** The ancestors of the org that holds the issue (whose staff act on it). */
export const levelAncestors = (i: Pick<IssueDoc, 'ancestors' | 'levelIndex'>): string[] => i.ancestors.slice(0, i.levelIndex + 1);

/** Is the current level's deadline past at `now` (so the timer has something to do)? */
export const isDue = (i: Pick<IssueDoc, 'state' | 'deadlineAt'>, now: Date): boolean => RUNNING_STATES.includes(i.state) && i.deadlineAt !== null && new Date(i.deadlineAt).getTime() <= now.getTime();

/** What the timer does with an issue at `now`: escalate it, mark it overdue at the top, or nothing. */
export function dueTransition(i: IssueDoc, now: Date): Transition | null {
  if (!isDue(i, now)) return null;
  return i.levelIndex > 0 ? { kind: 'escalate', reason: '超过办理时限，自动上报上一级', auto: true } : { kind: 'overdue' };
}

/**
 * Decides a transition: the refusal, or the patch to the issue, its timeline record, the KPI
 * counters it moves and the points it credits. `cat` gives the deadlines of the next level.
 */
export function decideTransition(i: IssueDoc, t: Transition, actor: Actor, cat: Pick<Category, 'deadlines'>, at: Date): Decision {
  if (i.state === 'closed') return refuse('ISSUE_CLOSED', '该问题已办结，不能再操作');
  if (!ALLOWED[t.kind].includes(i.state)) {
    if (t.kind === 'resolve' && (i.state === 'accepted' || i.state === 'reported')) return refuse('ISSUE_NOT_ASSIGNED', '该问题尚未交办，不能办结');
    return refuse('ISSUE_WRONG_STATE', `该问题当前为“${STATE_LABELS[i.state]}”，不能${ACTION_LABELS[t.kind]}`);
  }
  if (t.kind === 'escalate' && i.levelIndex === 0) return refuse('ISSUE_TOP_LEVEL', '该问题已在县级，无法再上报');
  if (t.kind === 'overdue' && i.levelIndex > 0) return refuse('ISSUE_NOT_DUE', '该问题可以上报上一级');
  if ((t.kind === 'escalate' && t.auto) || t.kind === 'overdue') {
    if (!isDue(i, at)) return refuse('ISSUE_NOT_DUE', '该问题尚未超过办理时限');
  }
  if (t.kind === 'resolve' && !i.assignee) return refuse('ISSUE_NOT_ASSIGNED', '该问题尚未交办，不能办结');

  const seq = i.timeline.length + 1;
  const rec = (to: IssueState, note: string, extra: Partial<TimelineRecord> = {}): TimelineRecord => ({
    seq,
    kind: t.kind,
    from: i.state,
    to,
    actorId: actor.id,
    actorName: actor.name,
    at,
    note,
    levelOrgId: extra.levelOrgId ?? i.levelOrgId,
    ...extra,
  });
  const done = (patch: Partial<IssueDoc>, record: TimelineRecord, counters: CounterDelta = {}, credit: Decided['credit'] = null): Decision => ({
    ok: true,
    patch: { ...patch, state: record.to, updatedAt: at },
    record,
    counters,
    credit,
  });

  switch (t.kind) {
    case 'accept':
      return done({ acceptedAt: i.acceptedAt ?? at }, rec('accepted', t.note), i.acceptedAt ? {} : { accepted: 1 }, i.credited.reported ? null : 'reported');
    case 'return':
      return done({ deadlineAt: null, returnKind: t.duplicate ? 'duplicate' : 'invalid' }, rec('returned', t.reason), { returned: 1 });
    case 'assign': {
      const scopeIds = [...new Set([...i.ancestors, ...t.assignee.ancestors])];
      return done({ assignee: t.assignee, scopeIds }, rec('assigned', t.note || `交办给 ${t.assignee.name}`));
    }
    case 'resolve':
      return done({ resolverId: actor.id, resolution: { note: t.note, photos: t.photos }, deadlineAt: null }, rec('resolved', t.note, { photos: t.photos }));
    case 'verify':
      return done({}, rec('verified', t.note), {}, i.credited.resolved ? null : 'resolved');
    case 'reopen':
      return done({ deadlineAt: deadlineFor(cat, i.levelIndex, at), deadlineSeq: i.deadlineSeq + 1, levelSince: at }, rec('reopened', t.reason));
    case 'close':
      return done({ closedAt: at, deadlineAt: null }, rec('closed', t.note), {
        closed: 1,
        ...(i.escalations === 0 ? { closedFirst: 1 } : {}),
        bucket: handlingBucket(at.getTime() - new Date(i.reportedAt).getTime()),
      });
    case 'escalate': {
      const levelIndex = i.levelIndex - 1;
      const levelOrgId = i.ancestors[levelIndex];
      // the upper level takes the issue as it stands: a reported one waits for its acceptance, any other for its assignment
      const to: IssueState = i.state === 'reported' ? 'reported' : 'accepted';
      const overdueNow = t.auto && !i.overdue;
      return done(
        {
          levelIndex,
          levelOrgId,
          levelSince: at,
          deadlineAt: deadlineFor(cat, levelIndex, at),
          deadlineSeq: i.deadlineSeq + 1,
          escalations: i.escalations + 1,
          assignee: null,
          scopeIds: i.ancestors,
          ...(overdueNow ? { overdue: true } : {}),
        },
        rec(to, t.reason, { levelOrgId, auto: t.auto }),
        overdueNow ? { overdue: 1 } : {},
      );
    }
    case 'overdue':
      // at the county there is nowhere to go: marked overdue once, the county told once
      return done({ deadlineAt: null, overdue: true }, rec(i.state, '县级办理超过时限', { auto: true }), i.overdue ? {} : { overdue: 1 });
  }
}

const ACTION_LABELS: Record<Exclude<TransitionKind, 'report'>, string> = {
  accept: '受理',
  return: '退回',
  assign: '交办',
  resolve: '办结',
  verify: '核实',
  reopen: '重新处置',
  close: '办结归档',
  escalate: '上报上一级',
  overdue: '标记超期',
};
