import { describe, expect, it } from '@jest/globals';
import { dueReminders, markDone, markReminded, newFindings, nextReminderOf, promote, recheck, tally, emptyTally } from '../../../core/domain/grid/review';

const by = { id: 'm1', name: '王' };
const at = new Date('2026-11-10T02:00:00Z');
const base = () =>
  newFindings(
    [
      { tag: 'highlight', text: '亮点', photos: [] },
      { tag: 'weakness', text: '弱点', photos: [], measure: { text: '整改', deadline: '2026-11-20' } },
    ],
    by,
    at,
  );

describe('点评台账 findings and measures', () => {
  it('done, then pass; pass before done and done twice are refused', () => {
    const f = base();
    expect(recheck(f, 'f2', { result: 'pass', note: '' }, by, at, '2026-11-10')).toMatchObject({ ok: false, code: 'MEASURE_WRONG_STATE' });
    const d = markDone(f, 'f2', { text: '已改', photos: [] }, by, at, '2026-11-15');
    expect(d.ok && d.findings[1].measure?.status).toBe('done');
    if (!d.ok) return;
    expect(markDone(d.findings, 'f2', { text: '再改', photos: [] }, by, at, '2026-11-15')).toMatchObject({ ok: false, code: 'MEASURE_WRONG_STATE' });
    const p = recheck(d.findings, 'f2', { result: 'pass', note: '' }, by, at, '2026-11-16');
    expect(p.ok && p.findings[1].measure?.status).toBe('passed');
    expect(p.ok && tally(emptyTally(), { findings: p.findings }, '2026-12-01')).toEqual({
      reviews: 1,
      byTag: { highlight: 1, difficulty: 0, hotspot: 0, weakness: 1 },
      measures: 1,
      doneOnTime: 1,
      overdue: 0,
    });
  });

  it('reminds once per deadline; a new deadline earns a new reminder', () => {
    const f = base();
    expect(nextReminderOf(f)).toBe('2026-11-20');
    expect(dueReminders(f, '2026-11-20')).toHaveLength(0);
    expect(dueReminders(f, '2026-11-21').map((x) => x.id)).toEqual(['f2']);
    const reminded = markReminded(f, ['f2']);
    expect([dueReminders(reminded, '2026-11-22'), nextReminderOf(reminded)]).toEqual([[], null]);
    const re = recheck(reminded, 'f2', { result: 'reopen', note: '', deadline: '2026-11-30' }, by, at, '2026-11-22');
    expect(re.ok && re.nextReminder).toBe('2026-11-30');
    expect(recheck(reminded, 'f2', { result: 'reopen', note: '', deadline: '2026-11-01' }, by, at, '2026-11-22')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('only a highlight can be promoted', () => {
    expect(promote(base(), 'f1', true)).toMatchObject({ ok: true, promoted: true });
    expect(promote(base(), 'f2', true)).toMatchObject({ ok: false });
  });
});
