import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { store } from '../../core/functions/store';
import { FUNCTIONS_ROOT, readFunctionConfig, validateConfig, type DeployedFunction } from '../../emulator/functions';
import { ManualClock, TimerScheduler } from '../../emulator/scheduler';
import type { LocalCloud } from '../../emulator/local-cloud';
import { startTestCloud } from '../support/cloud';

// Conformance: the local cloud fires timer triggers itself, as CloudBase does.
// - The event: Tencent SCF "触发器事件消息结构汇总", Timer:
//   {"Type":"Timer","TriggerName":"EveryDay","Time":"2019-02-21T11:49:00Z","Message":"..."}.
// - Who invoked: getWXContext().SOURCE is `wx_trigger` for a timer trigger (WeChat reference
//   Cloud.getWXContext, "SOURCE 的枚举类型": wx_trigger 云函数定时触发器调用).
// - Cron and time zone: WeChat guide "定时触发器" (7 fields, UTC+8); the result goes back to
//   no caller ("函数的返回结果不会返回给调用方").

type Seen = { event: Record<string, unknown>; source: string | undefined; openid: string | undefined };

let cloud: LocalCloud;
const seen: Seen[] = [];
let slow = 0;

/** A deployed function that records what each invocation saw. */
function recorder(cron: string): DeployedFunction {
  const sdk = require('wx-server-sdk') as { getWXContext(): { SOURCE?: string; OPENID?: string } };
  return {
    name: 'probe',
    main: async (event) => {
      const ctx = sdk.getWXContext();
      seen.push({ event, source: ctx.SOURCE, openid: ctx.OPENID });
      if (slow) await new Promise((r) => setTimeout(r, slow));
      return { ok: true, data: null };
    },
    config: validateConfig({ timeout: 5, triggers: [{ name: 'probeTick', type: 'timer', config: cron }] }, 'probe'),
  };
}

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());
afterEach(() => {
  seen.length = 0;
  slow = 0;
});

const cn = (wall: string): number => Date.parse(wall.replace(' ', 'T') + '+08:00');

describe('the timer scheduler', () => {
  it('fires a trigger once per cron firing, with the Timer event and SOURCE wx_trigger, no user', async () => {
    const clock = new ManualClock(cn('2026-05-01 09:59:30'));
    const s = new TimerScheduler(cloud, [recorder('0 * * * * * *')], { clock });
    s.start();
    clock.advance(3 * 60_000);
    await s.idle();
    await s.stop();
    expect(seen.map((x) => x.event)).toEqual([
      { Type: 'Timer', TriggerName: 'probeTick', Time: '2026-05-01T02:00:00Z', Message: '' },
      { Type: 'Timer', TriggerName: 'probeTick', Time: '2026-05-01T02:01:00Z', Message: '' },
      { Type: 'Timer', TriggerName: 'probeTick', Time: '2026-05-01T02:02:00Z', Message: '' },
    ]);
    expect(seen.every((x) => x.source === 'wx_trigger' && x.openid === undefined)).toBe(true);
    expect(s.firings.map((f) => f.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('reads the cron in China time: "0 0 20 * * * *" fires at 12:00 UTC', async () => {
    const clock = new ManualClock(Date.parse('2026-05-01T00:00:00Z'));
    const s = new TimerScheduler(cloud, [recorder('0 0 20 * * * *')], { clock });
    s.start();
    clock.advance(30 * 3600_000);
    await s.stop();
    expect(seen.map((x) => x.event.Time)).toEqual(['2026-05-01T12:00:00Z']);
  });

  it('starts each firing even while the previous one still runs, and fires nothing after stop', async () => {
    slow = 50;
    const clock = new ManualClock(cn('2026-05-01 10:00:00'));
    const s = new TimerScheduler(cloud, [recorder('*/10 * * * * * *')], { clock });
    s.start();
    clock.advance(30_000);
    // three firings started at once (10 s, 20 s, 30 s), none awaited before the next
    expect(s.firings).toHaveLength(3);
    await s.stop();
    clock.advance(60_000);
    expect(seen).toHaveLength(3);
  });

  it('on the real clock, a near-future every-second cron runs the job exactly once per second', async () => {
    const s = new TimerScheduler(cloud, [recorder('* * * * * * *')]);
    s.start();
    await new Promise((r) => setTimeout(r, 2600));
    await s.stop();
    const times = seen.map((x) => Date.parse(String(x.event.Time)));
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(times.length).toBeLessThanOrEqual(3);
    // consecutive whole seconds, none twice
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(1000);
  });

  it('fires a named trigger on demand, and refuses a name the config does not declare', async () => {
    const s = new TimerScheduler(cloud, [recorder('0 0 0 1 1 * *')]);
    await s.fireNow('probe', 'probeTick', cn('2026-05-01 10:00:00'));
    expect(seen.map((x) => [x.event.TriggerName, x.source])).toEqual([['probeTick', 'wx_trigger']]);
    await expect(s.fireNow('probe', 'annualExpiry')).rejects.toThrow(/no trigger named annualExpiry/);
  });

  it("runs the store function's real expireOrders trigger on its config.json cron (05 past each hour)", async () => {
    const config = readFunctionConfig(path.join(FUNCTIONS_ROOT, 'store'));
    expect(config.triggers).toEqual([{ name: 'expireOrders', type: 'timer', config: '0 5 * * * * *' }]);
    const clock = new ManualClock(cn('2026-05-01 09:04:30'));
    const s = new TimerScheduler(cloud, [{ name: 'store', main: store() as never, config }], { clock });
    s.start();
    clock.advance(3600_000 + 60_000);
    await s.stop();
    expect(s.firings.map((f) => [new Date(f.at).toISOString(), f.outcome])).toEqual([
      ['2026-05-01T01:05:00.000Z', 'ok'],
      ['2026-05-01T02:05:00.000Z', 'ok'],
    ]);
  });
});
