import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { Gateway } from '../../emulator/gateway/server';
import type { LocalCloud } from '../../emulator/local-cloud';
import { fromPhone, launchBrowser, loginByScan, openLogin, OUTPUT, screenshot, startStack, text } from './support';

// page.evaluate callbacks run in the page; the node tsconfig has no DOM lib, so the page globals they use are declared here
declare const document: { body: { innerText: string }; querySelector(s: string): { getAttribute(a: string): string | null } | null };
declare const sessionStorage: { getItem(k: string): string | null };
type HTMLElement = { innerText: string };

// The web console in headless Chromium against the local cloud: scan to log in (the phone's
// confirmation sent through the functions as the staff member), then the pages, each checked on
// what it shows and kept as a screenshot in test-output/.
const SEC = 'demo-secretary-b01';
const ADMIN = 'demo-admin-t1';
const MEMBER = 'demo-member-b01';
let stack: Awaited<ReturnType<typeof startStack>>;
let cloud: LocalCloud;
let gateway: Gateway;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  cloud = stack.cloud;
  gateway = stack.gateway;
  browser = await launchBrowser();
}, 120000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** A fresh browser profile per test: its own sessionStorage, so its own login. */
async function newPage(): Promise<Page> {
  const ctx = await browser.createBrowserContext();
  return ctx.newPage();
}

describe('scan to log in', () => {
  it('shows the QR, and signs in as the secretary who confirmed on the phone, with her pages only', async () => {
    const page = await newPage();
    const requestId = await openLogin(page, gateway);
    expect(requestId).toMatch(/^cs[0-9a-f]{24}$/);
    expect(await text(page)).toContain('请使用红管家小程序“扫一扫”登录');
    await screenshot(page, 'login-qr');
    // the phone sees which browser asks before confirming
    const scanned = await fromPhone<{ browser: string }>(gateway, SEC, 'auth', { action: 'console.scan', requestId });
    expect(scanned.data?.browser).toMatch(/Chrome \d+ · Linux/);
    expect((await fromPhone(gateway, SEC, 'auth', { action: 'console.confirm', requestId })).ok).toBe(true);
    await page.waitForSelector('[data-test="who"]', { timeout: 15000 });
    await page.waitForSelector('.t-table');
    const shown = await text(page);
    expect(shown).toContain('青年路社区党支部 · 支部书记');
    for (const item of ['组织架构', '党员名册', '申报审核', '活动管理', '登录设备']) expect(shown).toContain(item);
    // admin pages are not offered to a secretary (the permissions table)
    for (const item of ['花名册导入', '角色授权', '审计日志', '积分规则']) expect(shown).not.toContain(item);
    await screenshot(page, 'signed-in-secretary');
    await page.close();
  }, 60000);

  it('refuses a member who is not staff: the phone is told no and the browser stays on the QR', async () => {
    const page = await newPage();
    const requestId = await openLogin(page, gateway);
    const r = await fromPhone(gateway, MEMBER, 'auth', { action: 'console.confirm', requestId });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await new Promise((res) => setTimeout(res, 2500));
    expect(await page.$('[data-test="who"]')).toBeNull();
    expect(await page.$eval('.qr', (el) => el.getAttribute('data-state'))).toBe('waiting');
    await screenshot(page, 'refused-member');
    await page.close();
  }, 60000);

  it('refuses an expired login request, and the page offers a new QR', async () => {
    const page = await newPage();
    const requestId = await openLogin(page, gateway);
    // two minutes pass (the request's own expiry, moved instead of waited for)
    await cloud.store.updateById('consoleSessions', requestId, { $set: { requestExpiresAt: new Date(Date.now() - 1000) } }).durable;
    expect(await fromPhone(gateway, SEC, 'auth', { action: 'console.confirm', requestId })).toMatchObject({ ok: false, code: 'CONSOLE_LOGIN_EXPIRED' });
    await page.waitForSelector('[data-test="login-message"]', { timeout: 10000 });
    expect(await text(page)).toContain('登录二维码已过期或已使用，请在电脑上刷新二维码');
    expect(await text(page)).toContain('刷新二维码');
    await screenshot(page, 'expired-request');
    await page.close();
  }, 60000);
});

describe('a signed-in console', () => {
  it("keeps a secretary's console inside her branch", async () => {
    const page = await newPage();
    await loginByScan(page, gateway, SEC);
    await page.goto(`${gateway.url}/console/#/members`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.t-table tbody tr');
    const shown = await text(page);
    expect(shown).toContain('青年路社区党支部');
    expect(shown).not.toMatch(/b02|和平里/);
    // the same call the page makes, for another branch: refused by the server, not only hidden
    const other = await page.evaluate(async () => {
      const token = (JSON.parse(sessionStorage.getItem('hgj.console.token') ?? '{}') as { value?: string }).value;
      const r = await fetch('/v1/functions/org', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ action: 'members.list', orgId: 'b02' }),
      });
      return r.json();
    });
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    await screenshot(page, 'members-secretary');
    await page.close();
  }, 60000);

  it('approves claims in a batch and the audit log marks it via console', async () => {
    // two fresh claims from the phone of a b01 member
    const memberId = cloud.store.find('members', { openid: MEMBER }, { limit: 1 })[0]._id;
    // two rules, so neither claim meets its rule's cap (VANGUARD: 2 a month, PIONEER_POST: 2 a week)
    for (const [i, [ruleCode, note]] of [
      ['VANGUARD', '控制台批量审核一'],
      ['PIONEER_POST', '控制台批量审核二'],
    ].entries()) {
      const r = await fromPhone(gateway, MEMBER, 'points', { action: 'claims.submit', ruleCode, note, photos: [`cloud://local.test/evidence/${memberId}/console-${i}.jpg`] });
      expect(r.ok).toBe(true);
    }
    const page = await newPage();
    await loginByScan(page, gateway, SEC);
    await page.goto(`${gateway.url}/console/#/claims`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => document.body.innerText.includes('控制台批量审核二'));
    const pending = await page.$$eval('[data-test="claims-table"] tbody tr', (rows) => rows.length);
    expect(pending).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'claims-pending');
    // select all, approve
    await page.click('[data-test="claims-table"] thead .t-checkbox');
    await page.waitForFunction(() => /批量通过（[1-9]\d*）/.test(document.body.innerText));
    await page.click('[data-test="approve-batch"]');
    await page.waitForSelector('[data-test="claims-outcome"]', { timeout: 20000 });
    const outcome = await page.$eval('[data-test="claims-outcome"]', (el) => (el as HTMLElement).innerText);
    expect(outcome).toMatch(/批量通过 [1-9]\d* 条/);
    const approved = cloud.store.find('claims', { note: { $in: ['控制台批量审核一', '控制台批量审核二'] } }, { limit: 10 }) as unknown as { _id: string; status: string }[];
    expect(approved.map((c) => c.status)).toEqual(['approved', 'approved']);
    expect(await text(page)).not.toContain('控制台批量审核一');
    await screenshot(page, 'claims-approved');
    const audit = cloud.store.find('audit', { targetId: { $in: approved.map((c) => c._id) } }, { limit: 10 }) as unknown as { via?: string; action: string }[];
    expect(audit.map((a) => [a.action, a.via])).toEqual([
      ['points.claims.approve', 'console'],
      ['points.claims.approve', 'console'],
    ]);
    await page.close();
  }, 90000);

  it('imports a roster with bad rows: a per-row report, then only the valid rows', async () => {
    const file = path.join(OUTPUT, 'roster-with-bad-rows.csv');
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(
      file,
      [
        '姓名,手机号,支部,党员类别',
        '王控台,13912340001,青年路社区党支部,正式',
        '李控台,1391234,青年路社区党支部,正式',
        '赵控台,13912340003,不存在的支部,正式',
        '孙控台,13912340004,青年路社区党支部,预备',
        '',
      ].join('\n'),
    );
    const page = await newPage();
    await loginByScan(page, gateway, ADMIN);
    await page.goto(`${gateway.url}/console/#/roster`, { waitUntil: 'networkidle0' });
    const input = await page.waitForSelector('[data-test="roster-file"]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await page.click('[data-test="roster-check"]');
    await page.waitForSelector('[data-test="roster-summary"]', { timeout: 30000 });
    const report = await text(page);
    expect(report).toContain('共 4 行：有效 2 行，有问题 2 行；将新增 2 人');
    expect(report).toContain('手机号应为 11 位中国大陆手机号');
    expect(report).toContain('导入范围内没有这个支部');
    const rows = await page.$$eval('[data-test="roster-issues"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t')[0].trim()));
    expect(rows).toEqual(['3', '4']);
    expect(cloud.store.find('members', { name: '王控台' }, { limit: 1 })).toHaveLength(0);
    await screenshot(page, 'roster-report');
    await page.click('[data-test="roster-commit"]');
    await page.waitForFunction(() => document.body.innerText.includes('导入结果'), { timeout: 30000 });
    expect(await text(page)).toContain('已新增 2 人');
    expect(
      cloud.store
        .find('members', { name: { $in: ['王控台', '孙控台', '李控台', '赵控台'] } }, { limit: 10 })
        .map((m) => m.name as string)
        .sort(),
    ).toEqual(['孙控台', '王控台']);
    await screenshot(page, 'roster-imported');
    await page.close();
  }, 90000);

  it('logs out, and the session can no longer call anything', async () => {
    const page = await newPage();
    await loginByScan(page, gateway, ADMIN);
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('hgj.console.token') ?? '{}') as { value?: string }).value ?? '');
    await page.click('[data-test="logout"]');
    await page.waitForSelector('.qr[data-state="waiting"]');
    const r = await fetch(`${gateway.url}/v1/functions/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'me' }),
    });
    expect(await r.json()).toMatchObject({ ok: false, code: 'CONSOLE_SESSION_ENDED' });
    await page.close();
  }, 60000);
});

describe('pages for the desk and the meeting room', () => {
  it('projects an event’s rotating check-in code full screen and renews it every step', async () => {
    const ev = cloud.store.find('events', { status: 'open', ancestors: 'b01' }, { limit: 1 })[0] as { _id: string; title: string } | undefined;
    if (!ev) throw new Error('fixture: the demo seed has no open event under b01');
    const page = await newPage();
    await loginByScan(page, gateway, SEC);
    await page.goto(`${gateway.url}/console/#/events`, { waitUntil: 'networkidle0' });
    await page.waitForFunction((title: string) => document.body.innerText.includes(title), {}, ev.title);
    await page.goto(`${gateway.url}/console/#/projector?eventId=${ev._id}`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="checkin-code"]', { timeout: 20000 });
    const shown = await text(page);
    expect(shown).toContain(ev.title);
    expect(shown).toMatch(/已签到 \d+ 人/);
    // no menu: the whole screen is the code
    expect(shown).not.toContain('组织与党员');
    await screenshot(page, 'projector');
    const step = await page.$eval('.projector', (el) => el.getAttribute('data-step'));
    await page.waitForFunction((s: string | null) => document.querySelector('.projector')?.getAttribute('data-step') !== s, { timeout: 45000 }, step);
    await page.close();
  }, 120000);

  it('shows an admin the org tree with its chart, the rules with versions and the audit log with console writes', async () => {
    const page = await newPage();
    await loginByScan(page, gateway, ADMIN);
    await page.goto(`${gateway.url}/console/#/org`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="chart"] svg', { timeout: 20000 });
    expect(await text(page)).toContain('青年路社区党支部');
    await screenshot(page, 'org-tree');
    await page.goto(`${gateway.url}/console/#/rules`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => document.body.innerText.includes('生效中'), { timeout: 20000 });
    expect(await text(page)).toContain('VANGUARD');
    await screenshot(page, 'rules');
    await page.goto(`${gateway.url}/console/#/audit`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="audit-table"] tbody tr');
    // the batch approval and the roster import above were made in the console
    await page.waitForFunction(() => document.body.innerText.includes('管理后台'), { timeout: 20000 });
    await screenshot(page, 'audit');
    await page.close();
  }, 120000);
});
