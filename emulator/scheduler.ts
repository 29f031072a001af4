import { parseCron, type Cron } from './cron';
import type { DeployedFunction } from './functions';
import type { LocalCloud } from './local-cloud';

/**
 * Fires each deployed function's timer trigger on its cron, as CloudBase does: every firing is
 * its own invocation (SOURCE `wx_trigger`, the Timer event), started whether or not the previous
 * one finished, and nobody receives its result ("函数的返回结果不会返回给调用方"). Firings missed
 * while the local cloud was down are not made up. The clock is injectable so tests can drive it.
 */
export type SchedulerClock = {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
};

export const systemSchedulerClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** A clock for tests: time moves only when `advance` is called, running due timers in order. */
export class ManualClock implements SchedulerClock {
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, ms: number): unknown {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  /** Moves time forward by `ms`, running each timer at its due time (timers set meanwhile too). */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = target;
  }
}

/** One firing: which trigger, its scheduled time, and how the invocation ended. */
export type Firing = { fn: string; trigger: string; at: number; outcome: 'ok' | 'failed' | 'error'; code?: string };

// setTimeout's longest delay; a later firing is re-armed in steps
const MAX_DELAY_MS = 2 ** 31 - 1;

type Armed = { fn: DeployedFunction; trigger: string; cron: Cron; handle?: unknown };

export class TimerScheduler {
  /** Every firing so far, in order (inspectable by tests and the console log). */
  readonly firings: Firing[] = [];
  private readonly armed: Armed[] = [];
  private readonly running = new Set<Promise<void>>();
  private started = false;

  constructor(
    private readonly cloud: LocalCloud,
    private readonly functions: DeployedFunction[],
    private readonly opts: { clock?: SchedulerClock; log?: (msg: string) => void } = {},
  ) {
    for (const fn of functions) for (const t of fn.config.triggers) this.armed.push({ fn, trigger: t.name, cron: parseCron(t.config) });
  }

  private get clock(): SchedulerClock {
    return this.opts.clock ?? systemSchedulerClock;
  }

  /** The triggers it fires, as `function.trigger (cron)`. */
  describe(): string[] {
    return this.armed.map((a) => `${a.fn.name}.${a.trigger} (${a.cron.source})`);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.clock.now();
    for (const a of this.armed) this.arm(a, now);
  }

  private arm(a: Armed, after: number): void {
    const next = a.cron.next(after);
    if (next === undefined || !this.started) return;
    const wait = next - this.clock.now();
    if (wait > MAX_DELAY_MS) {
      a.handle = this.clock.setTimer(() => this.arm(a, after), MAX_DELAY_MS);
      return;
    }
    a.handle = this.clock.setTimer(() => {
      // a real timer may wake a millisecond early: wait out the rest
      if (this.clock.now() < next) return this.arm(a, after);
      this.arm(a, next);
      this.track(this.fire(a.fn, a.trigger, next));
    }, wait);
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Fires a named trigger of a deployed function now (or at `at`), as the platform would. */
  async fireNow(fnName: string, trigger: string, at = this.clock.now()): Promise<void> {
    const fn = this.functions.find((f) => f.name === fnName);
    if (!fn || !fn.config.triggers.some((t) => t.name === trigger)) throw new Error(`${fnName} has no trigger named ${trigger} in its config.json`);
    await this.fire(fn, trigger, at);
  }

  private async fire(fn: DeployedFunction, trigger: string, at: number): Promise<void> {
    const firing: Firing = { fn: fn.name, trigger, at, outcome: 'ok' };
    this.firings.push(firing);
    try {
      const r = await this.cloud.fireTimer<{ ok?: boolean; code?: string }>(fn.main, trigger, at, { name: fn.name, config: fn.config });
      if (r.result && r.result.ok === false) Object.assign(firing, { outcome: 'failed', code: r.result.code });
    } catch (e) {
      Object.assign(firing, { outcome: 'error', code: e instanceof Error ? e.message : String(e) });
    }
    if (firing.outcome !== 'ok') this.opts.log?.(`timer ${fn.name}.${trigger} at ${new Date(at).toISOString()}: ${firing.outcome} ${firing.code ?? ''}`);
  }

  /** Resolves when every firing started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const a of this.armed) if (a.handle !== undefined) this.clock.clearTimer(a.handle);
    await this.idle();
  }
}
