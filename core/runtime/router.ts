import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, fail } from '../contracts/app-error';
import type { Fail, Result } from '../contracts/envelope';
import { permissionOf, rolesFor, type ActionName, type FunctionName, type Permission } from '../contracts/permissions';
import { TransactionBusyError } from '../db/db';
import { customUserId, TIMER_TRIGGER_SOURCE, wxContext } from '../db/sdk';
import type { MemberDoc } from '../domain/org/model';
import { systemClock, type Clock } from './clock';
import { loadConsoleMember } from './console-identity';
import type { Ctx, MemberCtx } from './context';
import { actorOf, loadBoundMember } from './identity';
import { consoleLogger, type Logger } from './logger';
import { holdsAny, isSelfCall, resolveTarget } from './targets';
import { controlCharacterField, controlCharacters, invalidInput } from './validation';

export type { Ctx, MemberCtx } from './context';

/**
 * An action: its input schema and its use case. Who may call it is not said here but in the
 * permissions table (core/contracts/permissions.ts), which the router enforces before `run`.
 * A `public` action (binding) runs without a bound member and gets the plain Ctx.
 */
export type Action<S extends z.ZodType, O> =
  { input: S; public?: false; run(ctx: MemberCtx, input: z.output<S>): Promise<Result<O>> } | { input: S; public: true; run(ctx: Ctx, input: z.output<S>): Promise<Result<O>> };

/** Declares a bound member's action: an input schema and the use case. */
export function action<S extends z.ZodType, O>(def: { input: S; run(ctx: MemberCtx, input: z.output<S>): Promise<Result<O>> }): Action<S, O> {
  return def;
}

/** Declares an action anyone with an openid may call (its permission row says `public`). */
export function publicAction<S extends z.ZodType, O>(def: { input: S; run(ctx: Ctx, input: z.output<S>): Promise<Result<O>> }): Action<S, O> {
  return { ...def, public: true };
}

type AnyAction = Action<z.ZodType, unknown>;
export type Deps = { clock?: Clock; log?: Logger };
export type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>;

/** A timer trigger's job (declared in cloudfunctions/<fn>/config.json); runs as the system. */
export type TimerJob = (ctx: Ctx) => Promise<Result<unknown>>;

const timerTables = new Map<string, string[]>();
/** The timer jobs a function declares, by trigger name (each must be a config.json trigger). */
export function timerNames(fn: string): string[] {
  return timerTables.get(fn) ?? [];
}

/** Fields the platform adds to events from the mini-program; never trusted, never validated. */
const PLATFORM_FIELDS = ['action', 'userInfo'];

/**
 * Builds a cloud function's entry: routes `event.action` to its use case and always answers
 * with the envelope. The action table must have exactly the actions of the function's
 * permissions table (checked by the type). Order, for every call: the action exists -> the input
 * parses -> an openid -> a bound member -> the caller holds a role the table asks for -> the
 * target named in the input exists and is in the caller's scope -> the use case.
 */
export function defineFunction<F extends FunctionName>(name: F, actions: Record<ActionName<F>, AnyAction>, timers: Record<string, TimerJob> = {}): (deps?: Deps) => Main {
  const table = new Map<string, AnyAction>(Object.entries(actions));
  timerTables.set(name, Object.keys(timers));
  return (deps = {}) =>
    async (event, context) => {
      const clock = deps.clock ?? systemClock;
      const log = deps.log ?? consoleLogger;
      const requestId = (context as { request_id?: string } | undefined)?.request_id ?? randomUUID();
      const ev = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
      // A timer trigger sends {Type: 'Timer', TriggerName, Time}, but anyone can send that body. The job runs
      // only when the platform says a timer trigger started this run (SOURCE wx_trigger): a mini-program call
      // (wx_client), the HTTP API (wx_http) or another function (scf), with or without a user, cannot.
      if (ev.Type === 'Timer' && typeof ev.TriggerName === 'string') {
        const job = Object.prototype.hasOwnProperty.call(timers, ev.TriggerName) ? timers[ev.TriggerName] : undefined;
        if (!job || wxContext().source !== TIMER_TRIGGER_SOURCE) return fail('UNKNOWN_ACTION');
        try {
          return await job({ requestId, openid: undefined, clock, log });
        } catch (e) {
          log.error('timer failed', { requestId, fn: name, timer: ev.TriggerName, error: e instanceof Error ? e.stack : String(e) });
          return { ...fail('INTERNAL'), requestId };
        }
      }
      const actionName = typeof ev.action === 'string' ? ev.action : '';
      const def = table.get(actionName);
      const permission = permissionOf(name, actionName);
      if (!def || !permission) return fail('UNKNOWN_ACTION', `不支持的操作：${actionName || '（未指定）'}`);
      try {
        const payload: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(ev)) if (!PLATFORM_FIELDS.includes(k)) payload[k] = v;
        const bad = controlCharacterField(payload);
        if (bad !== null) return controlCharacters(bad);
        const parsed = def.input.safeParse(payload);
        if (!parsed.success) return invalidInput(parsed.error);
        const { openid } = wxContext();
        // a web console call carries no openid but a CloudBase custom user: its console session
        const consoleId = openid ? undefined : customUserId(context);
        const ctx: Ctx = { requestId, openid, clock, log };
        if (def.public) return permission.roles === 'public' ? await def.run(ctx, parsed.data) : fail('INTERNAL');
        if (consoleId) {
          const member = await loadConsoleMember(consoleId, clock.now());
          if (!member) return fail('CONSOLE_SESSION_ENDED');
          const cctx = { ...ctx, openid: member.openid, via: 'console' as const, consoleSessionId: consoleId };
          const mctx = await memberContext(cctx, member, permission, parsed.data as Record<string, unknown>);
          return mctx.ok ? await def.run(mctx.ctx, parsed.data) : mctx;
        }
        if (!openid) return fail('UNAUTHENTICATED');
        const member = await loadBoundMember(openid);
        if (!member) return fail('NOT_BOUND');
        const mctx = await memberContext({ ...ctx, openid }, member, permission, parsed.data as Record<string, unknown>);
        return mctx.ok ? await def.run(mctx.ctx, parsed.data) : mctx;
      } catch (e) {
        if (e instanceof AppError) return e.toFail();
        if (e instanceof TransactionBusyError) return fail('BUSY');
        log.error('unhandled error', { requestId, fn: name, action: actionName, error: e instanceof Error ? e.stack : String(e) });
        return { ...fail('INTERNAL'), requestId };
      }
    };
}

/**
 * Router steps 4 and 5 for a bound member: the role the permission asks for (held anywhere,
 * so a stranger is refused before anything is read), then the target named in the input,
 * loaded and checked for scope. Exported for tests that drive a use case directly.
 */
export async function memberContext(ctx: Ctx & { openid: string }, member: MemberDoc, permission: Permission, input: Record<string, unknown>): Promise<{ ok: true; ctx: MemberCtx } | Fail> {
  const actor = actorOf(member);
  const roles = rolesFor(permission);
  if (roles.length && !isSelfCall(permission, actor, input) && !holdsAny(actor, roles)) return fail('FORBIDDEN');
  const resolved = await resolveTarget(permission, actor, member, input);
  if (!resolved.ok) return fail(resolved.code, undefined, resolved.field);
  return { ok: true, ctx: { ...ctx, actor, member, permission, target: resolved.target } };
}
