import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATEGORIES, deadlineFor, mergeConfig } from '../../../core/domain/grid/config';
import { decideTransition, dueTransition, ISSUE_STATES, newIssue, type IssueDoc, type IssueState, type Transition } from '../../../core/domain/grid/issue';

const safety = DEFAULT_CATEGORIES.find((c) => c.code === 'safety')!;
const T0 = new Date('2026-11-23T02:00:00Z');
const H = 3_600_000;
const actor = { id: 'm1', name: '张三' };
const fresh = (): IssueDoc =>
  newIssue({
    id: 'gi1',
    category: safety,
    text: '隐患',
    photos: [],
    location: { latitude: 34, longitude: 113 },
    anonymous: false,
    reporter: actor,
    gridAncestors: ['county', 't1', 'b01', 'b01g1'],
    month: '2026-11',
    at: T0,
  });
const inState = (state: IssueState, over: Partial<IssueDoc> = {}): IssueDoc => ({
  ...fresh(),
  state,
  assignee: { kind: 'member', memberId: 'm2', name: '李四', ancestors: ['county', 't1', 'b01', 'b01g1'] },
  ...over,
});

const TRANSITIONS: Record<string, Transition> = {
  accept: { kind: 'accept', note: '' },
  return: { kind: 'return', reason: '无效', duplicate: false },
  assign: { kind: 'assign', assignee: { kind: 'member', memberId: 'm2', name: '李四', ancestors: ['county'] }, note: '' },
  resolve: { kind: 'resolve', note: '好了', photos: [] },
  verify: { kind: 'verify', note: '' },
  reopen: { kind: 'reopen', reason: '没好' },
  close: { kind: 'close', note: '' },
  escalate: { kind: 'escalate', reason: '上报', auto: false },
};
// from -> the transitions it allows (everything else is refused)
const LEGAL: Record<IssueState, string[]> = {
  reported: ['accept', 'return', 'escalate'],
  accepted: ['assign', 'escalate'],
  returned: [],
  assigned: ['assign', 'resolve', 'escalate'],
  resolved: ['verify', 'reopen'],
  verified: ['close'],
  reopened: ['assign', 'resolve', 'escalate'],
  closed: [],
};

describe('the grid issue state machine', () => {
  it.each(ISSUE_STATES.flatMap((s) => Object.keys(TRANSITIONS).map((t) => [s, t] as const)))('%s + %s', (state, t) => {
    const d = decideTransition(inState(state), TRANSITIONS[t], actor, safety, new Date(T0.getTime() + H));
    expect(d.ok).toBe(LEGAL[state].includes(t));
    if (!d.ok) expect(d.code).toBe(state === 'closed' ? 'ISSUE_CLOSED' : t === 'resolve' && (state === 'accepted' || state === 'reported') ? 'ISSUE_NOT_ASSIGNED' : 'ISSUE_WRONG_STATE');
    else expect(d.record).toMatchObject({ seq: 2, kind: t, from: state, actorId: 'm1' });
  });

  it('credits the reporter once on acceptance and the resolver once on verification', () => {
    expect((decideTransition(inState('reported'), TRANSITIONS.accept, actor, safety, T0) as { credit: unknown }).credit).toBe('reported');
    const again = inState('reported', { credited: { reported: 'credited', resolved: null } });
    expect((decideTransition(again, TRANSITIONS.accept, actor, safety, T0) as { credit: unknown }).credit).toBeNull();
    expect((decideTransition(inState('resolved'), TRANSITIONS.verify, actor, safety, T0) as { credit: unknown }).credit).toBe('resolved');
  });

  it('deadlines per category per level, counted from when the level took the issue', () => {
    expect(fresh().deadlineAt).toEqual(new Date(T0.getTime() + 24 * H));
    expect(deadlineFor(safety, 2, T0)).toEqual(new Date(T0.getTime() + 48 * H));
    expect(deadlineFor(safety, 0, T0)).toEqual(new Date(T0.getTime() + 120 * H));
  });

  it('the timer: nothing before the deadline, one level up at it, overdue once at the county', () => {
    const i = fresh();
    expect(dueTransition(i, new Date(T0.getTime() + 24 * H - 1))).toBeNull();
    const t = dueTransition(i, new Date(T0.getTime() + 24 * H))!;
    const d = decideTransition(i, t, actor, safety, new Date(T0.getTime() + 24 * H));
    expect(d.ok && [d.patch.levelOrgId, d.patch.deadlineSeq, d.counters.overdue, d.patch.deadlineAt]).toEqual(['b01', 2, 1, new Date(T0.getTime() + 72 * H)]);
    const top = inState('accepted', { levelIndex: 0, levelOrgId: 'county', deadlineAt: T0, overdue: true });
    expect(dueTransition(top, T0)).toEqual({ kind: 'overdue' });
    const o = decideTransition(top, { kind: 'overdue' }, actor, safety, T0);
    expect(o.ok && [o.patch.deadlineAt, o.counters.overdue]).toEqual([null, undefined]);
    expect(decideTransition(top, TRANSITIONS.escalate, actor, safety, T0)).toMatchObject({ ok: false, code: 'ISSUE_TOP_LEVEL' });
    expect(decideTransition(fresh(), { kind: 'escalate', reason: '', auto: true }, actor, safety, T0)).toMatchObject({ ok: false, code: 'ISSUE_NOT_DUE' });
  });

  it('closing counts closed, closed at the first level when never escalated, and the handling-time bucket', () => {
    const d = decideTransition(inState('verified'), TRANSITIONS.close, actor, safety, new Date(T0.getTime() + 30 * H));
    expect(d.ok && d.counters).toEqual({ closed: 1, closedFirst: 1, bucket: 'h48' });
    const e = decideTransition(inState('verified', { escalations: 1 }), TRANSITIONS.close, actor, safety, new Date(T0.getTime() + 30 * H));
    expect(e.ok && e.counters).toEqual({ closed: 1, bucket: 'h48' });
  });

  it('a county’s own categories add to the defaults and override theirs', () => {
    const cfg = mergeConfig({
      categories: [
        { code: 'safety', name: '安全隐患', deadlines: { group: 12, branch: 24, town: 48, county: 72 }, active: true },
        { code: 'flood', name: '防汛', deadlines: { group: 6, branch: 12, town: 24, county: 48 }, active: true },
      ],
    });
    expect(cfg.categories.map((c) => c.code).sort()).toEqual(['dispute', 'environment', 'flood', 'livelihood', 'opinion', 'safety', 'suggestion']);
    expect(cfg.categories.find((c) => c.code === 'safety')?.deadlines.group).toBe(12);
  });
});
