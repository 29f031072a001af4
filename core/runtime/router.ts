import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, fail } from '../contracts/app-error';
import type { Result } from '../contracts/envelope';
import type { Actor } from '../domain/authz';
import { TransactionBusyError } from '../db/db';
import { wxContext } from '../db/sdk';
import type { MemberDoc } from '../domain/org';
import { actorOf, loadBoundMember } from '../usecases/shared/actor';
import { systemClock, type Clock } from './clock';
import { consoleLogger, type Logger } from './logger';
import { invalidInput } from './validation';

/** What every use case receives besides its input. */
export type Ctx = { requestId: string; openid: string | undefined; clock: Clock; log: Logger };
/** A call by a bound member: `member` is their roster entry as read for this call. */
export type MemberCtx = Ctx & { openid: string; actor: Actor; member: MemberDoc };

type Outcome<O> = Result<O>;

export type Action<S extends z.ZodType, O> =
  { input: S; auth: 'none'; run(ctx: Ctx, input: z.infer<S>): Promise<Outcome<O>> } | { input: S; auth: 'member'; run(ctx: MemberCtx, input: z.infer<S>): Promise<Outcome<O>> };

/** Declares an action: an input schema, who may call it, and the use case. */
export function action<S extends z.ZodType, O>(def: Action<S, O>): Action<S, O> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = Action<z.ZodType, any>;
export type Deps = { clock?: Clock; log?: Logger };
export type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>;

/** A timer trigger's job (declared in cloudfunctions/<fn>/config.json); runs as the system. */
export type TimerJob = (ctx: Ctx) => Promise<Result<unknown>>;

/** Fields the platform adds to events from the mini-program; never trusted, never validated. */
const PLATFORM_FIELDS = ['action', 'userInfo'];

/**
 * Builds a cloud function's entry: routes `event.action` to its use case and always answers
 * with the envelope. Identity comes only from the WX context.
 */
export function defineFunction(name: string, actions: Record<string, AnyAction>, timers: Record<string, TimerJob> = {}): (deps?: Deps) => Main {
  return (deps = {}) =>
    async (event, context) => {
      const clock = deps.clock ?? systemClock;
      const log = deps.log ?? consoleLogger;
      const requestId = (context as { request_id?: string } | undefined)?.request_id ?? randomUUID();
      const ev = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
      // Timer triggers call with {Type: 'Timer', TriggerName, Time} and no user: never reachable from a client,
      // because a client call always carries an openid.
      if (ev.Type === 'Timer' && typeof ev.TriggerName === 'string') {
        const job = Object.prototype.hasOwnProperty.call(timers, ev.TriggerName) ? timers[ev.TriggerName] : undefined;
        if (!job || wxContext().openid) return fail('UNKNOWN_ACTION');
        try {
          return await job({ requestId, openid: undefined, clock, log });
        } catch (e) {
          log.error('timer failed', { requestId, fn: name, timer: ev.TriggerName, error: e instanceof Error ? e.stack : String(e) });
          return { ...fail('INTERNAL'), requestId };
        }
      }
      const actionName = typeof ev.action === 'string' ? ev.action : '';
      if (!Object.prototype.hasOwnProperty.call(actions, actionName)) return fail('UNKNOWN_ACTION', `不支持的操作：${actionName || '（未指定）'}`);
      const def = actions[actionName];
      try {
        const payload: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(ev)) if (!PLATFORM_FIELDS.includes(k)) payload[k] = v;
        const parsed = def.input.safeParse(payload);
        if (!parsed.success) return invalidInput(parsed.error);
        const { openid } = wxContext();
        const ctx: Ctx = { requestId, openid, clock, log };
        if (def.auth === 'none') return await def.run(ctx, parsed.data);
        if (!openid) return fail('UNAUTHENTICATED');
        const member = await loadBoundMember(openid);
        return await def.run({ ...ctx, openid, actor: actorOf(member), member }, parsed.data);
      } catch (e) {
        if (e instanceof AppError) return e.toFail();
        if (e instanceof TransactionBusyError) return fail('BUSY');
        log.error('unhandled error', { requestId, fn: name, action: actionName, error: e instanceof Error ? e.stack : String(e) });
        return { ...fail('INTERNAL'), requestId };
      }
    };
}
