import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError } from '../../../core/contracts/app-error';
import type { ErrorCode } from '../../../core/contracts/errors';
import { TransactionBusyError } from '../../../core/db/db';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { ClaimDoc } from '../../../core/domain/points/claims';
import { expiryInstant } from '../../../core/domain/points/expiry';
import type { BalanceDoc, LedgerEntry } from '../../../core/domain/points/ledger';
import type { RuleDoc } from '../../../core/domain/points/rule';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import { memberContext, type MemberCtx } from '../../../core/runtime/router';
import { permissionOf } from '../../../core/contracts/permissions';
import type { Result } from '../../../core/contracts/envelope';
import { auditLedger } from '../../../core/usecases/points/ledger-audit';
import { grantAward } from '../../../core/usecases/points/awards-grant';
import { approveBatch, approveClaim, rejectClaim } from '../../../core/usecases/points/claims-decide';
import { submitClaim } from '../../../core/usecases/points/claims-submit';
import { withdrawClaim } from '../../../core/usecases/points/claims-withdraw';
import { runAnnualExpiry } from '../../../core/usecases/points/expiry';
import { reverseEntry } from '../../../core/usecases/points/ledger-reverse';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import type { FaultRule } from '../../../emulator/bridge/faults';
import { startTestCloud } from '../../support/cloud';
import { prng } from '../../../scripts/seed/demo-county';
import { photo } from '../../support/ledger';

/**
 * A seeded, randomized workload of 10,000 operations on the members of one town (t2):
 * claims, approvals (single and batch), rejections, withdrawals, awards and deductions (with
 * retries and conflicting replays), reversals, store-like debits and the annual expiry,
 * 8 at a time, with failures injected into commits and into writes inside transactions in the
 * middle third. Use cases are called in-process through the real SDK. At the end the ledger
 * audits to zero drift, no redeemable balance is negative, and every entry traces to a rule
 * version and a source.
 */
const OPS = 10_000;
const WAVE = 8;
const SEED = 20261123;

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());

type Kind = 'submit' | 'approve' | 'batch' | 'reject' | 'withdraw' | 'award' | 'replay' | 'conflict' | 'reverse' | 'debit' | 'expiry';
type Outcome = 'OK' | 'DUP' | ErrorCode;

/** Codes each kind of operation may legitimately answer (INTERNAL only while faults are armed). */
const ALLOWED: Record<Kind, Outcome[]> = {
  submit: ['OK', 'CAP_EXCEEDED'],
  approve: ['OK', 'CAP_EXCEEDED', 'CLAIM_NOT_PENDING', 'SELF_APPROVAL', 'FORBIDDEN'],
  batch: ['OK'],
  reject: ['OK', 'CLAIM_NOT_PENDING', 'SELF_APPROVAL', 'FORBIDDEN'],
  withdraw: ['OK', 'CLAIM_NOT_PENDING'],
  award: ['OK', 'CAP_EXCEEDED', 'INSUFFICIENT_POINTS'],
  // CONFLICT when a conflicting use of the request id got there first (the original had failed)
  replay: ['OK', 'DUP', 'CAP_EXCEEDED', 'INSUFFICIENT_POINTS', 'CONFLICT'],
  conflict: ['CONFLICT', 'OK', 'CAP_EXCEEDED', 'INSUFFICIENT_POINTS'],
  reverse: ['OK', 'DUP', 'INSUFFICIENT_POINTS', 'INVALID_INPUT', 'SELF_APPROVAL'],
  debit: ['OK', 'INSUFFICIENT_POINTS'],
  expiry: ['OK'],
};

describe('a randomized workload of 10,000 operations', () => {
  it('ends with zero drift, no negative balance, and every entry traceable to a rule version and a source', async () => {
    const rnd = prng(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const clock = fixedClock(chinaTime('2026-10-01 08:00:00'));
    const silent = { error: () => undefined, info: () => undefined };

    const members = cloud.store.find('members', { ancestors: 't2' }, {}) as unknown as MemberDoc[];
    const secretaryOf = new Map<string, MemberDoc>();
    for (const m of members) for (const g of m.roles) if (g.role === 'secretary') secretaryOf.set(g.orgId, m);
    const admin = members.find((m) => m.roles.some((g) => g.role === 'orgAdmin' && g.orgId === 't2'))!;
    // the 组织部 admin sits in the county's own branch, outside t2: look county-wide
    const countyAdmin = (cloud.store.find('members', { 'roles.role': 'countyAdmin' }, {}) as unknown as MemberDoc[])[0];
    expect(countyAdmin).toBeDefined();
    const outsider = (cloud.store.find('members', { openid: 'demo-secretary-b01' }, {}) as unknown as MemberDoc[])[0];
    const plain = members.filter((m) => m.roles.length === 0);
    expect(plain.length).toBeGreaterThan(80);
    const storeRule = cloud.store.getById('rules', 'STORE_REDEMPTION@1') as unknown as RuleDoc;

    let seq = 0;
    // each call goes through the router's permission and target checks, then the use case
    const via = async <I extends Record<string, unknown>, O>(m: MemberDoc, action: string, run: (ctx: MemberCtx, input: I) => Promise<Result<O>>, input: I): Promise<Result<O>> => {
      const c = await memberContext({ requestId: `wl-${++seq}`, openid: m.openid, clock, log: silent }, m, permissionOf('points', action)!, input);
      return c.ok ? run(c.ctx, input) : c;
    };

    const pending: string[] = [];
    const decided: string[] = [];
    const credits: { entryId: string; memberId: string }[] = [];
    const awards: { requestId: string; memberId: string; ruleCode: string; by: MemberDoc }[] = [];
    const outcomes = new Map<Kind, Map<Outcome, number>>();
    let faultsArmed = 0;
    let internal = 0;
    let busy = 0;
    const record = (k: Kind, o: Outcome) => {
      const m = outcomes.get(k) ?? new Map<Outcome, number>();
      m.set(o, (m.get(o) ?? 0) + 1);
      outcomes.set(k, m);
    };

    async function outcomeOf(p: Promise<{ ok: boolean; code?: ErrorCode; data?: unknown }>): Promise<{ o: Outcome; data?: unknown }> {
      try {
        const r = await p;
        if (r.ok) return { o: (r.data as { duplicate?: boolean })?.duplicate ? 'DUP' : 'OK', data: r.data };
        return { o: r.code! };
      } catch (e) {
        if (e instanceof AppError) return { o: e.code };
        if (e instanceof TransactionBusyError) {
          busy++;
          return { o: 'BUSY' };
        }
        internal++;
        return { o: 'INTERNAL' };
      }
    }

    const takePending = (): string | undefined => (pending.length ? pending.splice(Math.floor(rnd() * pending.length), 1)[0] : undefined);
    const claimMember = (id: string) => (cloud.store.getById('claims', id) as unknown as ClaimDoc | null)?.memberId;
    const memberById = new Map(members.map((m) => [m._id, m]));
    const deciderFor = (claimId: string): MemberDoc => {
      const r = rnd();
      const m = memberById.get(claimMember(claimId) ?? '') ?? pick(plain);
      if (r < 0.04) return outsider; // out of scope
      if (r < 0.07) return m; // their own claim
      if (r < 0.12) return admin;
      return secretaryOf.get(m.branchId) ?? admin;
    };

    /** Builds one operation (all random choices happen here, in order) and returns its runner. */
    function plan(): { kind: Kind; run: () => Promise<void> } {
      const r = rnd();
      if (r < 0.3) {
        // now and then a secretary claims too: their own secretary role may not approve it
        const m = rnd() < 0.05 ? pick([...secretaryOf.values()]) : pick(plain);
        const ruleCode = pick(['DEDICATION_LOG', 'DUTY_FULFILLED', 'VANGUARD', 'PIONEER_POST']);
        return {
          kind: 'submit',
          run: async () => {
            const { o, data } = await outcomeOf(via(m, 'claims.submit', submitClaim, { ruleCode, note: '工作量测试', photos: [photo('wl', m._id)] }));
            record('submit', o);
            if (o === 'OK') pending.push((data as { claim: { id: string } }).claim.id);
          },
        };
      }
      if (r < 0.5) {
        const id = takePending();
        if (!id) return plan();
        const by = deciderFor(id);
        return {
          kind: 'approve',
          run: async () => {
            const { o, data } = await outcomeOf(via(by, 'claims.approve', approveClaim, { claimId: id }));
            record('approve', o);
            if (o === 'OK') {
              decided.push(id);
              credits.push({ entryId: (data as { entryId: string }).entryId, memberId: claimMember(id)! });
            } else if (o !== 'CLAIM_NOT_PENDING') pending.push(id);
          },
        };
      }
      if (r < 0.51) {
        // a secretary's batch: pending claims of the branch, plus one from elsewhere (refused on its own)
        const by = pick([...secretaryOf.values()]);
        const n = 5 + Math.floor(rnd() * 10);
        const ids: string[] = [];
        for (let i = pending.length - 1; i >= 0 && ids.length < n; i--) {
          if (memberById.get(claimMember(pending[i]) ?? '')?.branchId === by.branchId) ids.push(...pending.splice(i, 1));
        }
        const stray = takePending();
        if (stray) ids.push(stray);
        if (!ids.length) return plan();
        return {
          kind: 'batch',
          run: async () => {
            const { o, data } = await outcomeOf(via(by, 'claims.approveBatch', approveBatch, { claimIds: ids }));
            record('batch', o);
            const results = o === 'OK' ? (data as { results: { claimId: string; ok: boolean; entryId?: string; code?: ErrorCode }[] }).results : [];
            for (const x of results) {
              record('approve', x.ok ? 'OK' : (x.code as Outcome));
              if (x.ok) credits.push({ entryId: x.entryId!, memberId: claimMember(x.claimId)! });
              else if (x.code !== 'CLAIM_NOT_PENDING') pending.push(x.claimId);
            }
            if (o !== 'OK') pending.push(...ids);
          },
        };
      }
      if (r < 0.59) {
        const id = takePending();
        if (!id) return plan();
        const by = deciderFor(id);
        return {
          kind: 'reject',
          run: async () => {
            const { o } = await outcomeOf(via(by, 'claims.reject', rejectClaim, { claimId: id, reason: '佐证不足' }));
            record('reject', o);
            if (o !== 'OK' && o !== 'CLAIM_NOT_PENDING') pending.push(id);
          },
        };
      }
      if (r < 0.63) {
        const id = takePending();
        if (!id) return plan();
        return {
          kind: 'withdraw',
          run: async () => {
            const m = memberById.get(claimMember(id)!)!;
            const { o } = await outcomeOf(via(m, 'claims.withdraw', withdrawClaim, { claimId: id }));
            record('withdraw', o);
            if (o !== 'OK' && o !== 'CLAIM_NOT_PENDING') pending.push(id);
          },
        };
      }
      if (r < 0.76) {
        const m = pick(plain);
        const ruleCode = pick(['HONOUR_MONTH_STAR', 'HONOUR_MONTH_STAR', 'CRITICISM', 'ABSENT_NO_LEAVE']);
        const by = rnd() < 0.2 ? admin : secretaryOf.get(m.branchId)!;
        const requestId = `wl-award-${seq}-${Math.floor(rnd() * 1e9)}`;
        return {
          kind: 'award',
          run: async () => {
            const { o, data } = await outcomeOf(via(by, 'awards.grant', grantAward, { memberId: m._id, ruleCode, reason: '工作量测试', requestId }));
            record('award', o);
            awards.push({ requestId, memberId: m._id, ruleCode, by });
            if (o === 'OK') credits.push({ entryId: (data as { entryId: string }).entryId, memberId: m._id });
          },
        };
      }
      if (r < 0.8 && awards.length) {
        // a client retry of an earlier award: same request id, same content
        const a = pick(awards);
        return {
          kind: 'replay',
          run: async () => {
            const { o, data } = await outcomeOf(via(a.by, 'awards.grant', grantAward, { memberId: a.memberId, ruleCode: a.ruleCode, reason: '重试', requestId: a.requestId }));
            record('replay', o);
            if (o === 'OK') credits.push({ entryId: (data as { entryId: string }).entryId, memberId: a.memberId });
          },
        };
      }
      if (r < 0.81 && awards.length) {
        // the same request id with other content
        const a = pick(awards);
        const other = pick(plain.filter((m) => m.branchId === a.by.branchId || a.by === admin));
        return {
          kind: 'conflict',
          run: async () => {
            const { o, data } = await outcomeOf(
              via(a.by, 'awards.grant', grantAward, { memberId: other._id, ruleCode: a.ruleCode === 'CRITICISM' ? 'HONOUR_MONTH_STAR' : 'CRITICISM', reason: '冲突', requestId: a.requestId }),
            );
            record('conflict', o);
            if (o === 'OK') credits.push({ entryId: (data as { entryId: string }).entryId, memberId: other._id });
          },
        };
      }
      if (r < 0.89 && credits.length) {
        const c = pick(credits);
        const m = memberById.get(c.memberId)!;
        // an expiry is reversed only by the county's 组织部; other entries by the town admin or the secretary
        const by = c.entryId.startsWith('exp:') ? countyAdmin : rnd() < 0.2 ? admin : secretaryOf.get(m.branchId)!;
        return {
          kind: 'reverse',
          run: async () => {
            const { o } = await outcomeOf(via(by, 'ledger.reverse', reverseEntry, { entryId: c.entryId, reason: '工作量测试冲正' }));
            record('reverse', o);
          },
        };
      }
      const m = pick(plain);
      const amount = 1 + Math.floor(rnd() * 12);
      const orderId = `wl-${Math.floor(rnd() * 1e9)}`;
      return {
        kind: 'debit',
        run: async () => {
          const { o } = await outcomeOf(
            postOnce({
              key: `ord:${orderId}`,
              memberId: m._id,
              ancestors: m.ancestors,
              eval: 0,
              redeem: -amount,
              rule: storeRule,
              source: { type: 'order', id: orderId },
              units: 0,
              actorId: m._id,
              at: clock.now(),
            }),
          );
          record('debit', o);
        },
      };
    }

    const started = Date.now();
    let done = 0;
    let expiryYear = 2026;
    while (done < OPS) {
      // the clock moves 3 hours a wave (about five months in all); the year end passes on the way
      const next = new Date(clock.now().getTime() + 3 * 3600_000);
      const instant = expiryInstant(expiryYear);
      if (next.getTime() >= instant.getTime()) {
        clock.set(instant);
        const r = await runAnnualExpiry({ requestId: `wl-exp-${expiryYear}`, openid: undefined, clock, log: silent });
        expect(r).toMatchObject({ ok: true, data: { failed: 0 } });
        record('expiry', 'OK');
        // the expiry is county-wide; the workload's reversals stay in its town
        for (const e of cloud.store.find('ledger', { 'source.type': 'expiry', 'source.id': String(expiryYear), ancestors: 't2' }, {}) as unknown as LedgerEntry[]) {
          credits.push({ entryId: e._id, memberId: e.memberId });
        }
        // a repeated run changes nothing
        const again = await runAnnualExpiry({ requestId: `wl-exp-${expiryYear}-again`, openid: undefined, clock, log: silent });
        expect(again).toMatchObject({ ok: true, data: { expired: 0 } });
        record('expiry', 'OK');
        done += 2;
        expiryYear++;
      }
      clock.set(next);

      const wave = Array.from({ length: Math.min(WAVE, OPS - done) }, () => plan());
      // failures in the middle third: the next commit, a balance write, an audit or an outbox insert fails
      const undo: (() => void)[] = [];
      if (done > OPS / 3 && done < (2 * OPS) / 3 && rnd() < 0.3) {
        const f: FaultRule = pick([
          { api: 'database.commitTransaction', fail: true, nth: 1 },
          { api: 'database.modifyDocument', collection: 'balances', fail: true, nth: 1 },
          { api: 'database.insertDocument', collection: 'audit', fail: true, nth: 1 },
          { api: 'database.insertDocument', collection: 'outbox', fail: true, nth: 1 },
          { api: 'database.insertDocument', collection: 'ledger', fail: true, nth: 2 },
        ]);
        undo.push(cloud.faults.add(f));
        faultsArmed++;
      }
      await Promise.all(wave.map((op) => cloud.invoke(() => op.run(), {})));
      undo.forEach((u) => u());
      done += wave.length;
    }
    const elapsed = Date.now() - started;

    // every answer was one the operation may give; INTERNAL only from injected faults
    for (const [kind, m] of outcomes) for (const o of m.keys()) expect([...ALLOWED[kind], 'INTERNAL'].map((x) => `${kind}:${x}`)).toContain(`${kind}:${o}`);
    expect(internal).toBeLessThanOrEqual(faultsArmed);
    expect(faultsArmed).toBeGreaterThan(10);
    expect(busy).toBe(0);
    expect(outcomes.get('approve')?.get('SELF_APPROVAL') ?? 0).toBeGreaterThan(0);
    const okApprovals = outcomes.get('approve')?.get('OK') ?? 0;
    expect(okApprovals).toBeGreaterThan(500);
    expect(outcomes.get('conflict')?.get('CONFLICT') ?? 0).toBeGreaterThan(10);
    expect(outcomes.get('replay')?.get('DUP') ?? 0).toBeGreaterThan(50);
    expect(outcomes.get('expiry')?.get('OK')).toBe(2);

    // zero drift, no negative redeemable balance
    expect((await auditLedger('county')).drift).toEqual([]);
    const balances = cloud.store.find('balances', {}, {}) as unknown as BalanceDoc[];
    expect(balances.filter((b) => b.redeem < 0)).toEqual([]);

    // every entry traces to a rule version and a source
    const entries = cloud.store.find('ledger', {}, {}) as unknown as LedgerEntry[];
    const rules = new Map((cloud.store.find('rules', {}, {}) as unknown as RuleDoc[]).map((r) => [r._id, r]));
    const byId = new Map(entries.map((e) => [e._id, e]));
    const audited = new Map<string, number>();
    for (const a of cloud.store.find('audit', { action: 'points.awards.grant' }, {}) as unknown as { after: { entryId: string } }[])
      audited.set(a.after.entryId, (audited.get(a.after.entryId) ?? 0) + 1);
    const claims = new Map((cloud.store.find('claims', {}, {}) as unknown as ClaimDoc[]).map((c) => [c._id, c]));
    for (const e of entries) {
      const rule = rules.get(e.ruleId);
      expect(rule && rule.code === e.ruleCode && rule.version === e.ruleVersion).toBe(true);
      switch (e.source.type) {
        case 'claim': {
          expect(e._id).toBe(`clm:${e.source.id}`);
          expect(claims.get(e.source.id)).toMatchObject({ status: 'approved', entryId: e._id, memberId: e.memberId });
          break;
        }
        case 'award':
          expect(e._id).toBe(`awd:${e.source.id}`);
          expect([e._id, audited.get(e._id)]).toEqual([e._id, 1]);
          break;
        case 'reversal': {
          const orig = byId.get(e.reversalOf!)!;
          expect(e._id).toBe(`rev:${orig._id}`);
          expect([e.eval + orig.eval, e.redeem + orig.redeem, e.ruleId]).toEqual([0, 0, orig.ruleId]);
          break;
        }
        case 'expiry':
          expect(e._id).toBe(`exp:${e.source.id}:${e.memberId}`);
          expect(e.eval).toBe(0);
          break;
        case 'order':
          expect(e._id).toBe(`ord:${e.source.id}`);
          break;
        default:
          // other areas' demo data (check-ins...): a source all the same; the workload makes none of these
          expect(e.ancestors).not.toContain('t2');
          expect(e.source.id).toBeTruthy();
      }
    }
    // and the other way round: no approved claim without its entry, no entry for any other claim
    for (const c of claims.values()) {
      expect([c._id, c.status === 'approved']).toEqual([c._id, byId.has(`clm:${c._id}`)]);
    }
    if (process.env.WORKLOAD_REPORT)
      console.log(
        `workload: ${OPS} ops in ${elapsed} ms, ${entries.length} entries, ${faultsArmed} faults, ${internal} failed by them`,
        Object.fromEntries([...outcomes].map(([k, m]) => [k, Object.fromEntries(m)])),
      );
  }, 120_000);
});
