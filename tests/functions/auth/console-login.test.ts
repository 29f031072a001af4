import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ConsolePollResult, ConsoleRequestResult, ConsoleScanResult, ConsoleSessionsResult, MeResult } from '../../../core/contracts/auth';
import type { Result } from '../../../core/contracts/envelope';
import type { ClaimsSubmitResult } from '../../../core/contracts/points';
import type { AuditDoc } from '../../../core/domain/audit';
import type { ConsoleSessionDoc } from '../../../core/domain/console/session';
import type { MemberDoc } from '../../../core/domain/org/model';
import type { AuditListResult } from '../../../core/contracts/org';
import { auth } from '../../../core/functions/auth';
import { org } from '../../../core/functions/org';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import { installLocalCustomLoginKey, verifyTicket, webContextEnvironment } from '../../../emulator/gateway/console-auth';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { memberIdOf, photo } from '../../support/ledger';

// The web console's scan-to-log-in through the real SDK. A console call is what CloudBase runs
// for a custom-login web user: no openid, the custom user id in the function's context
// (TCB_CUSTOM_USER_ID, as emulator/gateway/console-auth.ts puts it), nothing in the event.
const SEC = 'demo-secretary-b01';
const MEMBER = 'demo-member-b01';
const clock = fixedClock('2026-11-23T02:00:00Z');
let cloud: LocalCloud;
let authMain: Main;
let pointsMain: Main;
let phone: Call;
let key: ReturnType<typeof installLocalCustomLoginKey>;

beforeAll(async () => {
  cloud = await startTestCloud();
  key = installLocalCustomLoginKey(cloud.env);
  const log = { error: () => undefined, info: () => undefined };
  authMain = auth({ clock, log });
  pointsMain = points({ clock, log });
  phone = caller(cloud, authMain);
});
afterAll(() => cloud.close());

/** A call from a browser signed in as the custom user `sessionId` (or anonymously). */
async function fromConsole<T>(main: Main, sessionId: string | null, event: Record<string, unknown>): Promise<Result<T>> {
  const environment = webContextEnvironment(
    sessionId ? { uuid: `custom-${sessionId}`, customUserId: sessionId, anonymous: false, expiresAt: Infinity } : { uuid: 'anon-1', anonymous: true, expiresAt: Infinity },
  );
  const handler = (event: Record<string, unknown>, context: Record<string, unknown>) => main(event, { ...context, environment });
  return (await cloud.invoke<Result<T>>(handler, event)).result;
}

const session = (id: string) => cloud.store.getById('consoleSessions', id) as unknown as ConsoleSessionDoc;

async function request(): Promise<ConsoleRequestResult> {
  return expectOk(await fromConsole<ConsoleRequestResult>(authMain, null, { action: 'console.request', browser: 'Chrome 147 · Linux' }));
}

/** request -> the phone confirms -> the browser polls its ticket: the session id it is signed in as. */
async function signIn(openid = SEC): Promise<string> {
  const req = await request();
  expectOk(await phone(openid, { action: 'console.confirm', requestId: req.qr }));
  const polled = expectOk(await fromConsole<ConsolePollResult>(authMain, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret }));
  expect(polled.status).toBe('confirmed');
  return req.requestId;
}

describe('asking for a console login', () => {
  it('gives a QR naming a one-time request and keeps only a hash of the poll secret', async () => {
    const req = await request();
    expect(req.qr).toBe(`HGJCONSOLE:${req.requestId}`);
    expect(req.requestId).toMatch(/^cs[0-9a-f]{24}$/);
    expect(session(req.requestId)).toMatchObject({ status: 'pending', browser: 'Chrome 147 · Linux', memberId: null });
    expect(JSON.stringify(session(req.requestId))).not.toContain(req.pollSecret);
    expect(expectOk(await fromConsole<ConsolePollResult>(authMain, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret })).status).toBe('pending');
  });

  it('answers NOT_FOUND to a poll with the wrong secret, as to an unknown request', async () => {
    const req = await request();
    const r = await fromConsole(authMain, null, { action: 'console.poll', requestId: req.requestId, pollSecret: 'x'.repeat(32) });
    expect(r).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('confirming on the phone', () => {
  it('shows the staff member which browser asks before anything is confirmed', async () => {
    const req = await request();
    const seen = expectOk(await phone<ConsoleScanResult>(SEC, { action: 'console.scan', requestId: req.qr }));
    expect(seen).toMatchObject({ requestId: req.requestId, browser: 'Chrome 147 · Linux' });
    expect(session(req.requestId).status).toBe('pending');
  });

  it('refuses a member who is not staff, on scan and on confirm, and the browser stays signed out', async () => {
    const req = await request();
    expect(await phone(MEMBER, { action: 'console.scan', requestId: req.requestId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await phone(MEMBER, { action: 'console.confirm', requestId: req.requestId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(session(req.requestId)).toMatchObject({ status: 'pending', memberId: null });
  });

  it('refuses an expired request on scan, confirm and poll', async () => {
    const req = await request();
    clock.advance(2 * 60 * 1000 + 1);
    try {
      expect(await phone(SEC, { action: 'console.scan', requestId: req.requestId })).toMatchObject({ ok: false, code: 'CONSOLE_LOGIN_EXPIRED' });
      expect(await phone(SEC, { action: 'console.confirm', requestId: req.requestId })).toMatchObject({ ok: false, code: 'CONSOLE_LOGIN_EXPIRED' });
      expect(await fromConsole(authMain, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret })).toMatchObject({ ok: false, code: 'CONSOLE_LOGIN_EXPIRED' });
      expect(session(req.requestId).status).toBe('pending');
    } finally {
      clock.advance(-(2 * 60 * 1000 + 1));
    }
  });

  it('hands the browser a custom-login ticket for the session once, signed with the env key', async () => {
    const req = await request();
    const confirmed = expectOk(await phone<{ sessionExpiresAt: Date }>(SEC, { action: 'console.confirm', requestId: req.requestId }));
    expect(new Date(confirmed.sessionExpiresAt).getTime() - clock.now().getTime()).toBe(8 * 60 * 60 * 1000);
    const polled = expectOk(await fromConsole<ConsolePollResult>(authMain, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret }));
    if (polled.status !== 'confirmed') throw new Error(`expected a ticket, got ${polled.status}`);
    const sec = cloud.store.find('members', { openid: SEC }, { limit: 1 })[0] as unknown as MemberDoc;
    expect(polled.memberName).toBe(sec.name);
    expect(verifyTicket(polled.ticket, key, clock.now().getTime())).toEqual({ uid: req.requestId, expire: new Date(confirmed.sessionExpiresAt).getTime() });
    expect(
      verifyTicket(
        // a character in the middle of the signature (the last one may carry only padding bits)
        polled.ticket.replace(/\.([^.]{40})(.)([^.]*)$/, (_m, a: string, c: string, b: string) => `.${a}${c === 'A' ? 'B' : 'A'}${b}`),
        key,
        clock.now().getTime(),
      ),
    ).toBeNull();
    expect(session(req.requestId)).toMatchObject({ status: 'active', memberId: sec._id });
    const again = expectOk(await fromConsole<ConsolePollResult>(authMain, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret }));
    expect(again).toEqual({ status: 'used' });
    expect(await phone(SEC, { action: 'console.confirm', requestId: req.requestId })).toMatchObject({ ok: false, code: 'CONSOLE_LOGIN_EXPIRED' });
  });
});

describe('a signed-in console', () => {
  it('acts as the confirmed member, named by the platform context', async () => {
    const id = await signIn();
    const me = expectOk(await fromConsole<MeResult>(authMain, id, { action: 'me' }));
    expect(me.roles).toEqual([{ role: 'secretary', orgId: 'b01', orgName: '青年路社区党支部' }]);
  });

  it('is no one for a custom user id that no phone confirmed, nor for an id in the event', async () => {
    const req = await request();
    expect(await fromConsole(authMain, req.requestId, { action: 'me' })).toMatchObject({ ok: false, code: 'CONSOLE_SESSION_ENDED' });
    const id = await signIn();
    expect(await cloud.invoke(authMain as never, { action: 'me', userInfo: { customUserId: id, TCB_CUSTOM_USER_ID: id } })).toMatchObject({ result: { ok: false, code: 'UNAUTHENTICATED' } });
  });

  it("keeps a secretary's console inside their branch", async () => {
    const id = await signIn(SEC);
    const own = memberIdOf(cloud, MEMBER);
    const other = (cloud.store.find('members', { branchId: 'b02' }, { limit: 1 })[0] as unknown as MemberDoc)._id;
    expect((await fromConsole(pointsMain, id, { action: 'balance', memberId: own })).ok).toBe(true);
    expect(await fromConsole(pointsMain, id, { action: 'balance', memberId: other })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('writes to the same audit log, marked via console', async () => {
    const id = await signIn(SEC);
    const claim = expectOk(
      await caller(cloud, pointsMain)<ClaimsSubmitResult>(MEMBER, { action: 'claims.submit', ruleCode: 'VANGUARD', note: '控制台审核', photos: [photo('console', memberIdOf(cloud, MEMBER))] }),
    ).claim.id;
    expectOk(await fromConsole(pointsMain, id, { action: 'claims.approve', claimId: claim }));
    const audit = cloud.store.find('audit', { targetId: claim }, { limit: 10 }) as unknown as AuditDoc[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'points.claims.approve', actorId: memberIdOf(cloud, SEC), via: 'console' });
    // and the audit list says where each write was made
    const listed = expectOk(await caller(cloud, org({ clock, log: { error: () => undefined, info: () => undefined } }))<AuditListResult>('demo-admin-t1', { action: 'audit.list', targetId: claim }));
    expect(listed.items.map((i) => [i.action, i.via])).toEqual([['points.claims.approve', 'console']]);
  });

  it('is listed on the phone, and revoked there it can do nothing more', async () => {
    const id = await signIn(SEC);
    const listed = expectOk(await phone<ConsoleSessionsResult>(SEC, { action: 'console.sessions' })).sessions;
    expect(listed.find((s) => s.sessionId === id)).toMatchObject({ browser: 'Chrome 147 · Linux', current: false });
    expect(expectOk(await fromConsole<ConsoleSessionsResult>(authMain, id, { action: 'console.sessions' })).sessions.find((s) => s.sessionId === id)?.current).toBe(true);
    expectOk(await phone(SEC, { action: 'console.revoke', sessionId: id }));
    expect(await fromConsole(authMain, id, { action: 'me' })).toMatchObject({ ok: false, code: 'CONSOLE_SESSION_ENDED' });
    expect(expectOk(await phone<ConsoleSessionsResult>(SEC, { action: 'console.sessions' })).sessions.map((s) => s.sessionId)).not.toContain(id);
  });

  it("cannot revoke another member's session", async () => {
    const id = await signIn(SEC);
    expect(await phone('demo-secretary-b02', { action: 'console.revoke', sessionId: id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(session(id).status).toBe('active');
  });

  it('logs out from the console, not from the phone', async () => {
    const id = await signIn(SEC);
    expect(await phone(SEC, { action: 'console.logout' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expectOk(await fromConsole(authMain, id, { action: 'console.logout' }));
    expect(session(id)).toMatchObject({ status: 'ended', endedBy: 'logout' });
    expect(await fromConsole(authMain, id, { action: 'me' })).toMatchObject({ ok: false, code: 'CONSOLE_SESSION_ENDED' });
  });

  it('cannot confirm another console login', async () => {
    const id = await signIn(SEC);
    const req = await request();
    expect(await fromConsole(authMain, id, { action: 'console.confirm', requestId: req.requestId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('ends by itself after 8 hours', async () => {
    const id = await signIn(SEC);
    clock.advance(8 * 60 * 60 * 1000);
    try {
      expect(await fromConsole(authMain, id, { action: 'me' })).toMatchObject({ ok: false, code: 'CONSOLE_SESSION_ENDED' });
    } finally {
      clock.advance(-8 * 60 * 60 * 1000);
    }
  });

  it('costs two reads to know the caller: the session, then the member', async () => {
    const id = await signIn(SEC);
    const environment = webContextEnvironment({ uuid: `custom-${id}`, customUserId: id, anonymous: false, expiresAt: Infinity });
    const r = await cloud.invoke((e: Record<string, unknown>, c: Record<string, unknown>) => authMain(e, { ...c, environment }), { action: 'console.sessions' });
    expect(r.dbRequests).toBe(3);
  });
});

describe('database requests per action (as each use case states)', () => {
  const count = async (openid: string | undefined, sessionId: string | null, event: Record<string, unknown>) => {
    const environment = sessionId === null ? undefined : webContextEnvironment({ uuid: `custom-${sessionId}`, customUserId: sessionId, anonymous: false, expiresAt: Infinity });
    const r = await cloud.invoke<Result<unknown>>((e: Record<string, unknown>, c: Record<string, unknown>) => authMain(e, environment ? { ...c, environment } : c), event, { openid });
    expect(r.result.ok).toBe(true);
    return r.dbRequests;
  };

  it('request 1, poll 1 (5 when it hands out the ticket), scan 2, confirm 5, sessions 2, revoke 5, logout 6', async () => {
    const req = expectOk(await fromConsole<ConsoleRequestResult>(authMain, null, { action: 'console.request', browser: 'x' }));
    const got = {
      request: await count(undefined, null, { action: 'console.request', browser: 'x' }),
      pollPending: await count(undefined, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret }),
      scan: await count(SEC, null, { action: 'console.scan', requestId: req.requestId }),
      confirm: await count(SEC, null, { action: 'console.confirm', requestId: req.requestId }),
      pollTicket: await count(undefined, null, { action: 'console.poll', requestId: req.requestId, pollSecret: req.pollSecret }),
      sessions: await count(SEC, null, { action: 'console.sessions' }),
      logout: await count(undefined, req.requestId, { action: 'console.logout' }),
    };
    const other = await signIn(SEC);
    const revoke = await count(SEC, null, { action: 'console.revoke', sessionId: other });
    expect({ ...got, revoke }).toEqual({ request: 1, pollPending: 1, scan: 2, confirm: 5, pollTicket: 5, sessions: 2, logout: 6, revoke: 5 });
  });
});
