import { describe, expect, it } from '@jest/globals';
import { CronError, parseCron } from '../../emulator/cron';

// Conformance: CloudBase timer-trigger cron. Sources: WeChat cloud guide "定时触发器"
// (developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/guide/functions/triggers.md):
// seven fields "秒 分钟 小时 日 月 星期 年", wildcards `, - * /`, months JAN-DEC, weekdays 0-6 or
// SUN-SAT (0 = Sunday), day and weekday both given are OR-ed, "触发器规则的时区为 UTC+8"; the
// examples below are the guide's and docs.cloudbase.net/cli-v1/functions/trigger-create's.

/** China wall time -> epoch ms, independent of the host time zone. */
const cn = (wall: string): number => Date.parse(wall.replace(' ', 'T') + '+08:00');
const iso = (ms: number | undefined): string => (ms === undefined ? 'none' : new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' '));

/** The next n firings after a China wall time, as China wall times. */
function firings(expr: string, after: string, n: number): string[] {
  const c = parseCron(expr);
  const out: string[] = [];
  let t = cn(after);
  for (let i = 0; i < n; i++) {
    const next = c.next(t);
    out.push(iso(next));
    if (next === undefined) break;
    t = next;
  }
  return out;
}

describe('the 7-field cron of CloudBase timer triggers', () => {
  it('*/5 * * * * * *: every 5 seconds', () => {
    expect(firings('*/5 * * * * * *', '2026-01-01 00:00:02', 3)).toEqual(['2026-01-01 00:00:05', '2026-01-01 00:00:10', '2026-01-01 00:00:15']);
  });

  it('0 0 2 1 * * *: 02:00 China time on the 1st of each month', () => {
    expect(firings('0 0 2 1 * * *', '2026-01-15 12:00:00', 2)).toEqual(['2026-02-01 02:00:00', '2026-03-01 02:00:00']);
  });

  it('0 15 10 * * MON-FRI *: 10:15 on weekdays', () => {
    // 2026-01-02 is a Friday
    expect(firings('0 15 10 * * MON-FRI *', '2026-01-02 11:00:00', 2)).toEqual(['2026-01-05 10:15:00', '2026-01-06 10:15:00']);
  });

  it('0 0 10,14,16 * * * *: a list of hours', () => {
    expect(firings('0 0 10,14,16 * * * *', '2026-03-01 12:00:00', 3)).toEqual(['2026-03-01 14:00:00', '2026-03-01 16:00:00', '2026-03-02 10:00:00']);
  });

  it('0 */30 9-17 * * * *: every half hour from 9 to 17', () => {
    expect(firings('0 */30 9-17 * * * *', '2026-03-01 17:10:00', 2)).toEqual(['2026-03-01 17:30:00', '2026-03-02 09:00:00']);
  });

  it('0 0 12 * * WED *: noon on Wednesdays (names and 0 = Sunday)', () => {
    expect(firings('0 0 12 * * WED *', '2026-01-01 00:00:00', 1)).toEqual(['2026-01-07 12:00:00']);
    expect(firings('0 0 12 * * 0 *', '2026-01-01 00:00:00', 1)).toEqual(['2026-01-04 12:00:00']);
  });

  it('1/10 in minutes: from minute 1, every ten', () => {
    expect(firings('0 1/10 * * * * *', '2026-01-01 00:00:00', 3)).toEqual(['2026-01-01 00:01:00', '2026-01-01 00:11:00', '2026-01-01 00:21:00']);
  });

  it('a restricted day and weekday combine with OR', () => {
    // the 13th, or any Friday: 2026-02-06 (Fri), 2026-02-13 (Fri and the 13th, once), 2026-02-20 (Fri), 2026-03-06...
    expect(firings('0 0 0 13 * FRI *', '2026-02-01 00:00:00', 4)).toEqual(['2026-02-06 00:00:00', '2026-02-13 00:00:00', '2026-02-20 00:00:00', '2026-02-27 00:00:00']);
  });

  it('months by name, days that a month lacks, and the year field', () => {
    expect(firings('0 0 0 31 JAN,FEB,MAR * *', '2026-01-31 00:00:00', 2)).toEqual(['2026-03-31 00:00:00', '2027-01-31 00:00:00']);
    expect(firings('0 0 0 1 1 * 2030', '2026-06-01 00:00:00', 2)).toEqual(['2030-01-01 00:00:00', 'none']);
  });

  it('fires strictly after the given instant, at whole seconds', () => {
    const c = parseCron('0 * * * * * *');
    expect(c.next(cn('2026-01-01 00:01:00'))).toBe(cn('2026-01-01 00:02:00'));
    expect(c.next(cn('2026-01-01 00:00:59') + 999)).toBe(cn('2026-01-01 00:01:00'));
  });

  it('reads times in UTC+8 whatever the host time zone: "0 0 20 * * * *" is 12:00 UTC', () => {
    const next = parseCron('0 0 20 * * * *').next(Date.parse('2026-12-24T11:00:00Z'));
    expect(new Date(next!).toISOString()).toBe('2026-12-24T12:00:00.000Z');
    // the repo's triggers: store 05 past each hour, events 20:00, points every minute
    expect(new Date(parseCron('0 5 * * * * *').next(Date.parse('2026-12-24T11:59:00Z'))!).toISOString()).toBe('2026-12-24T12:05:00.000Z');
  });

  it.each([
    ['0 0 2 1 * *', /7 fields/],
    ['60 * * * * * *', /second "60"/],
    ['0 0 24 * * * *', /hour "24"/],
    ['0 0 0 0 * * *', /day "0"/],
    ['0 0 0 * 13 * *', /month "13"/],
    ['0 0 0 * * 7 *', /weekday "7"/],
    ['0 0 0 * * * 2100', /year "2100"/],
    ['0 0 0 5-1 * * *', /backwards/],
    ['0 */0 * * * * *', /step/],
    ['0 0 0 L * * *', /day "L"/],
  ])('refuses %s', (expr, why) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(why);
  });
});
