import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import type { IssueResult, ReviewResult, StatsResult } from '../../core/contracts/grid';
import type { Gateway } from '../../emulator/gateway/server';
import { fromPhone, launchBrowser, loginByScan, screenshot, startStack, text } from './support';

// page.evaluate / waitForFunction callbacks run in the page; the node tsconfig has no DOM lib
declare const document: { body: { innerText: string }; querySelectorAll(s: string): ArrayLike<unknown> };
type HTMLElement = { innerText: string };

// The console's grid pages in headless Chromium against the local cloud: issues reported and
// accepted from the phone, then the secretary's 网格事项 table (server-side state filter from the
// link), an issue's timeline, the KPIs against grid.stats, and a 点评 with the branch's response.
const SEC = 'demo-secretary-b01';
const LEADER = 'demo-grid-b01g2';
const ADMIN = 'demo-admin-t1';
const PLACE = { latitude: 34.7466, longitude: 113.6253 };
let stack: Awaited<ReturnType<typeof startStack>>;
let gateway: Gateway;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  gateway = stack.gateway;
  browser = await launchBrowser();
}, 120000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(): Promise<Page> {
  const ctx = await browser.createBrowserContext();
  return ctx.newPage();
}
const rowsOf = (page: Page, table: string) => page.$$eval(`[data-test="${table}"] tbody tr`, (trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ')));
const ymd = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe('网格事项 and 点评台账 in the console', () => {
  it('lists the issues filtered on the server, opens a timeline, and shows the KPIs the function counts', async () => {
    const report = async (category: string, body: string) => {
      const r = await fromPhone<IssueResult>(gateway, LEADER, 'grid', { action: 'issues.report', category, text: body, location: PLACE });
      expect(r).toMatchObject({ ok: true });
      return r.data!.issue.id;
    };
    await report('safety', '控制台测试：楼道堆放杂物');
    const accepted = await report('dispute', '控制台测试：邻里噪音纠纷');
    expect((await fromPhone(gateway, SEC, 'grid', { action: 'issues.accept', issueId: accepted, note: '支部已受理' })).ok).toBe(true);

    const page = await newPage();
    await loginByScan(page, gateway, SEC);
    await page.goto(`${gateway.url}/console/#/grid-issues`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => document.body.innerText.includes('控制台测试：邻里噪音纠纷'));
    const all = await rowsOf(page, 'issues-table');
    expect(all.some((r) => r.includes('楼道堆放杂物') && r.includes('待受理'))).toBe(true);
    expect(all.some((r) => r.includes('邻里噪音纠纷') && r.includes('已受理'))).toBe(true);
    await screenshot(page, 'grid-issues');

    // the state filter goes to the server (from the link): only the issues still waiting
    await page.goto(`${gateway.url}/console/#/grid-issues?state=reported`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => document.body.innerText.includes('楼道堆放杂物') && !document.body.innerText.includes('邻里噪音纠纷'));
    const waiting = await rowsOf(page, 'issues-table');
    expect(waiting.every((r) => r.includes('待受理'))).toBe(true);
    expect(waiting.some((r) => r.includes('邻里噪音纠纷'))).toBe(false);

    // the accepted issue's timeline: reported by the leader, accepted by the secretary with her note
    await page.goto(`${gateway.url}/console/#/grid-issues?state=accepted`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => document.body.innerText.includes('邻里噪音纠纷') && !document.body.innerText.includes('楼道堆放杂物'));
    expect((await rowsOf(page, 'issues-table')).every((r) => r.includes('已受理'))).toBe(true);
    const row = await page.$$('[data-test="issues-table"] tbody tr');
    await row[0].click();
    // the drawer slides in and fills after its detail call: wait until the timeline shows text
    await page.waitForFunction(() => ((document.querySelectorAll('[data-test="issue-timeline"]')[0] as { innerText?: string } | undefined)?.innerText ?? '').includes('已受理'));
    const timeline = await page.$eval('[data-test="issue-timeline"]', (el) => (el as HTMLElement).innerText);
    expect(timeline).toMatch(/待受理[\s\S]*已受理/);
    expect(timeline).toContain('支部已受理');
    await screenshot(page, 'grid-issue-timeline');

    // KPIs as grid.stats counts them for the branch
    const stats = await fromPhone<StatsResult>(gateway, SEC, 'grid', { action: 'stats', orgId: 'b01', months: 6 });
    expect(stats.ok).toBe(true);
    await page.goto(`${gateway.url}/console/#/grid-kpi`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="kpi-cards"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="chart"] svg text').length > 2, { timeout: 15000 });
    const cards = await page.$eval('[data-test="kpi-cards"]', (el) => (el as HTMLElement).innerText.replace(/\s+/g, ' '));
    expect(stats.data!.kpi.reported).toBeGreaterThanOrEqual(2);
    expect(cards).toContain(`上报 ${stats.data!.kpi.reported}`);
    expect(cards).toContain(`受理 ${stats.data!.kpi.accepted}`);
    await screenshot(page, 'grid-kpi');
    await page.close();
  }, 120000);

  it("shows a 点评 received by the branch with the branch's response", async () => {
    const today = new Date();
    const created = await fromPhone<ReviewResult>(gateway, ADMIN, 'grid', {
      action: 'reviews.create',
      orgId: 'b01',
      kind: 'onsite',
      date: ymd(today),
      findings: [{ tag: 'weakness', text: '三会一课记录不完整', measure: { text: '两周内补齐会议记录', deadline: ymd(new Date(today.getTime() + 14 * 86_400_000)) } }],
    });
    expect(created.ok).toBe(true);
    const review = created.data!.review;
    const responded = await fromPhone(gateway, SEC, 'grid', { action: 'reviews.respond', reviewId: review.id, findingId: review.findings[0].id, kind: 'respond', text: '已安排专人逐月整理' });
    expect(responded.ok).toBe(true);

    const page = await newPage();
    await loginByScan(page, gateway, SEC);
    await page.goto(`${gateway.url}/console/#/reviews`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => document.body.innerText.includes('现场点评'));
    const rows = await rowsOf(page, 'reviews-table');
    expect(rows[0]).toContain('青年路社区党支部');
    expect(rows[0]).toContain(review.reviewerName);
    expect(rows[0]).toContain('待整改 1 项');
    await (await page.$$('[data-test="reviews-table"] tbody tr'))[0].click();
    await page.waitForFunction(() => document.body.innerText.includes('已安排专人逐月整理'));
    const shown = await text(page);
    expect(shown).toContain('三会一课记录不完整');
    expect(shown).toContain('整改措施：两周内补齐会议记录');
    expect(shown).toMatch(/回应 · \S+ · .*：已安排专人逐月整理/);
    await screenshot(page, 'reviews');
    await page.close();
  }, 90000);
});
