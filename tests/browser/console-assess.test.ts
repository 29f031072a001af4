import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import type { CampaignProgressView } from '../../core/contracts/assess';
import type { HonoursResult, RankResult } from '../../core/contracts/reports';
import { reports } from '../../core/functions/reports';
import { systemClock } from '../../core/runtime/clock';
import type { Gateway } from '../../emulator/gateway/server';
import type { LocalCloud } from '../../emulator/local-cloud';
import { fireTimer } from '../support/cloud';
import { fromPhone, launchBrowser, loginByScan, screenshot, startStack, text } from './support';

// page.evaluate / waitForFunction callbacks run in the page; the node tsconfig has no DOM lib
declare const document: {
  body: { innerText: string };
  querySelector(s: string): { innerText: string } | null;
  querySelectorAll(s: string): ArrayLike<{ innerText: string; getAttribute(n: string): string | null }>;
};
type HTMLElement = { innerText: string; getAttribute(n: string): string | null };

// The console's reports and assess pages in headless Chromium against the local cloud (the real
// clock): a town's quarterly assessment computed, reviewed and published through the page; the
// 挂图作战 big screen of a campaign whose figures are set from the phone, with its bottom orgs
// flagged and its auto-refresh seen; the members' ranking of a branch. Each asserts on what the
// page shows and saves a screenshot in test-output/.
const ADMIN = 'demo-admin-t1';
const SEC = 'demo-secretary-b01';
const silent = { error: () => undefined, info: () => undefined };
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

async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  if (viewport) await page.setViewport(viewport);
  return page;
}

const waitText = (page: Page, needle: string, timeout = 30000) => page.waitForFunction((t: string) => document.body.innerText.includes(t), { timeout }, needle);

/** The previous quarter in China time, as the assessment page defaults to. */
function lastQuarter(now = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const q = Math.floor(china.getUTCMonth() / 3);
  return q === 0 ? `${china.getUTCFullYear() - 1}-Q4` : `${china.getUTCFullYear()}-Q${q}`;
}

/** t1's branches, by id. */
function townBranches(): { _id: string; name: string }[] {
  return (cloud.store.find('orgs', { parentId: 't1', type: 'branch' }, { limit: 50 }) as unknown as { _id: string; name: string }[]).sort((a, b) => a._id.localeCompare(b._id));
}

describe('季度考核 through the pages', () => {
  it('computes a town quarter, reviews and publishes it, the page showing each state and the org grades', async () => {
    const quarter = lastQuarter();
    const page = await newPage();
    await loginByScan(page, gateway, ADMIN);
    await page.goto(`${gateway.url}/console/#/assessments`, { waitUntil: 'networkidle0' });
    await waitText(page, `${quarter} 尚未开始考核`);
    expect(await page.$eval('[data-test="cycle-quarter"] input', (el) => (el as unknown as { value: string }).value)).toBe(quarter);
    // compute: one call computes a small town within its budget; the page resumes it while computing
    await page.click('[data-test="cycle-compute"]');
    await page.waitForFunction(() => document.body.innerText.includes('草稿（待审核）'), { timeout: 90000, polling: 1000 });
    const cycleId = `t1:${quarter}`;
    const cycle = cloud.store.getById('assessCycles', cycleId) as { status: string; branches: string[]; members: number } | null;
    expect(cycle?.status).toBe('draft');
    const status = await page.$eval('[data-test="cycle-status"]', (el) => (el as HTMLElement).innerText);
    expect(status).toContain(`支部 ${cycle!.branches.length}/${cycle!.branches.length}`);
    expect(status).toContain(`党员 ${cycle!.members} 人`);
    // the org grades name t1's branches, each with a grade
    const grades = await page.$$eval('[data-test="org-grades"] tbody tr', (rows) => rows.map((r) => (r as HTMLElement).innerText));
    for (const b of townBranches()) expect(grades.some((g) => g.includes(b.name))).toBe(true);
    expect(grades.every((g) => /[一二三]类/.test(g))).toBe(true);
    // the member results of the draft are listed, paged in the table
    const results = await page.$$eval('[data-test="results-table"] tbody tr', (rows) => rows.length);
    expect(results).toBeGreaterThan(0);
    await screenshot(page, 'assess-draft');

    await page.click('[data-test="cycle-review"]');
    await waitText(page, '已审核（待发布）');
    expect((cloud.store.getById('assessCycles', cycleId) as unknown as { status: string }).status).toBe('reviewed');
    await page.click('[data-test="cycle-publish"]');
    await waitText(page, '已发布（申诉期）');
    const published = cloud.store.getById('assessCycles', cycleId) as unknown as { status: string; publishedAt: Date };
    expect(published.status).toBe('published');
    expect(await text(page)).toMatch(/发布于 \d{4}\/\d{1,2}\/\d{1,2}/);
    // each step went to the audit log as done from the console
    const audit = cloud.store.find('audit', { targetId: cycleId }, { limit: 10 }) as unknown as { action: string; via?: string }[];
    expect(audit.map((a) => [a.action, a.via])).toEqual(
      expect.arrayContaining([
        ['assess.cycles.compute', 'console'],
        ['assess.cycles.review', 'console'],
        ['assess.cycles.publish', 'console'],
      ]),
    );
    await screenshot(page, 'assess-published');
    await page.close();
  }, 150000);
});

describe('挂图作战 big screen', () => {
  it('shows each org ranked with its figures, flags the bottom orgs, and refreshes by itself', async () => {
    const branches = townBranches().slice(0, 4);
    expect(branches).toHaveLength(4);
    const day = 86_400_000;
    const saved = await fromPhone<{ id: string }>(gateway, ADMIN, 'assess', {
      action: 'campaigns.save',
      scopeOrgId: 't1',
      title: '第四季度党建攻坚',
      startAt: new Date(Date.now() - 30 * day).toISOString(),
      endAt: new Date(Date.now() + 60 * day).toISOString(),
      orgIds: branches.map((b) => b._id),
      indicators: [
        { code: 'visits', name: '走访群众', unit: '户', measure: 'reported', target: 10 },
        { code: 'projects', name: '为民办实事', unit: '件', measure: 'reported', target: 5 },
      ],
      responsible: { [branches[0]._id]: '张书记' },
      bottomN: 2,
    });
    expect(saved.ok).toBe(true);
    const campaignId = saved.data!.id;
    const report = async (orgId: string, indicator: string, value: number) =>
      expect((await fromPhone(gateway, ADMIN, 'assess', { action: 'campaigns.report', campaignId, orgId, indicator, value, evidence: ['cloud://local.test/evidence/t1/campaign.jpg'] })).ok).toBe(true);
    // progress: 100 %, 80 %, 20 %, 0 % (a third of the time gone): the last two flagged
    const figures: [number, number][] = [
      [10, 5],
      [8, 4],
      [2, 1],
      [0, 0],
    ];
    for (const [i, [v, p]] of figures.entries()) {
      await report(branches[i]._id, 'visits', v);
      await report(branches[i]._id, 'projects', p);
    }

    const page = await newPage({ width: 1920, height: 1080 });
    await loginByScan(page, gateway, ADMIN);
    await page.goto(`${gateway.url}/console/#/bigscreen?campaignId=${campaignId}&refresh=10`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="screen-row"]');
    expect(await page.$eval('[data-test="screen-title"]', (el) => (el as HTMLElement).innerText)).toBe('第四季度党建攻坚');
    expect(await page.$eval('[data-test="screen-elapsed"]', (el) => (el as HTMLElement).innerText)).toBe('33%');
    const rows = () =>
      page.$$eval('[data-test="screen-row"]', (trs) =>
        trs.map((tr) => ({ text: (tr as HTMLElement).innerText.replace(/\s+/g, ' '), flagged: (tr as HTMLElement).getAttribute('data-flagged') === 'true' })),
      );
    const shown = await rows();
    expect(shown.map((r) => r.text.split(' ')[0])).toEqual(['1', '2', '3', '4']);
    for (const [i, b] of branches.entries()) expect(shown[i].text).toContain(b.name);
    expect(shown[0].text).toContain('张书记');
    expect(shown[0].text).toMatch(/10 5 .*100%/);
    expect(shown[1].text).toMatch(/8 4 .*80%/);
    expect(shown[2].text).toMatch(/2 1 .*20%/);
    expect(shown.map((r) => r.flagged)).toEqual([false, false, true, true]);
    expect(shown[2].text).toContain('末位·约谈');
    expect(await page.$eval('[data-test="screen-flagged"]', (el) => (el as HTMLElement).innerText)).toBe(`末位单位：${branches[2].name}、${branches[3].name}`);
    // the indicators: mean share of target over the orgs, (1 + .8 + .2 + 0) / 4 = 50 %, on pace (green)
    const cards = await page.$$eval('[data-test="screen-indicator"]', (els) =>
      els.map((e) => ({ text: (e as HTMLElement).innerText.replace(/\s+/g, ' '), cls: (e as HTMLElement).getAttribute('class') })),
    );
    expect(cards.map((c) => c.text)).toEqual([
      expect.stringMatching(/^走访群众 50% 目标 10户\/单位 · 合计 20户 · 进度正常$/),
      expect.stringMatching(/^为民办实事 50% 目标 5件\/单位 · 合计 10件 · 进度正常$/),
    ]);
    expect(cards.map((c) => c.cls)).toEqual(['card green', 'card green']);
    // the same as the function says, row for row
    const api = await fromPhone<CampaignProgressView>(gateway, ADMIN, 'assess', { action: 'campaigns.progress', campaignId });
    expect(api.data!.rows.map((r) => [r.orgName, r.rank, r.flagged, r.colour])).toEqual([
      [branches[0].name, 1, false, 'green'],
      [branches[1].name, 2, false, 'green'],
      [branches[2].name, 3, true, 'red'],
      [branches[3].name, 4, true, 'red'],
    ]);
    // the charts drew (ECharts, loaded with the page), their labels in the Chinese font
    await page.waitForFunction(() => document.querySelectorAll('[data-test="screen-chart"] svg text').length > 4, { timeout: 15000 });
    await screenshot(page, 'bigscreen');

    // the last org catches up; the screen shows it on its next refresh, without a reload
    await report(branches[3]._id, 'visits', 10);
    await report(branches[3]._id, 'projects', 5);
    const before = await page.$eval('[data-test="screen-updated"]', (el) => (el as HTMLElement).innerText);
    await page.waitForFunction(
      (name: string) => (document.querySelector('[data-test="screen-flagged"]')?.innerText ?? '').includes(name) === false,
      { timeout: 25000, polling: 500 },
      branches[3].name,
    );
    expect(await page.$eval('[data-test="screen-updated"]', (el) => (el as HTMLElement).innerText)).not.toBe(before);
    const after = await rows();
    expect(after.filter((r) => r.flagged).map((r) => r.text)).toEqual([expect.stringContaining(branches[1].name), expect.stringContaining(branches[2].name)]);
    expect(after[0].text).toContain(branches[0].name);
    expect(after[1].text).toContain(branches[3].name);
    await screenshot(page, 'bigscreen-refreshed');
    await page.close();
  }, 120000);
});

describe('积分排行', () => {
  it("shows a secretary her branch's ranking as the function ranks it, and the town's org ranking", async () => {
    // this month, the secretary awards two of her members (from the phone), so the ranking has a top
    const b01 = (cloud.store.find('members', { branchId: 'b01', roles: { $size: 0 }, status: 'active' }, { limit: 100 }) as unknown as { _id: string; name: string }[]).sort((a, b) =>
      a._id.localeCompare(b._id),
    );
    const awarded = b01.slice(0, 2);
    for (const m of awarded) {
      const r = await fromPhone(gateway, SEC, 'points', { action: 'awards.grant', memberId: m._id, ruleCode: 'HONOUR_MONTH_STAR', reason: '控制台排行测试', requestId: `console-rank-${m._id}` });
      expect(r).toMatchObject({ ok: true });
    }
    // the snapshot timer: the first runs freeze the periods that ended, then the current ones are refreshed
    const fn = reports({ clock: systemClock, log: silent });
    for (let i = 0; i < 6; i++) {
      const r = (await fireTimer<{ final: boolean }>(cloud, fn, 'snapshot', new Date())) as { ok: boolean; data?: { final: boolean } };
      expect(r.ok).toBe(true);
      if (r.data && !r.data.final) break;
    }
    const api = await fromPhone<RankResult>(gateway, SEC, 'reports', { action: 'rank', period: 'month', level: 'branch', offset: 0, limit: 20, trend: true });
    expect(api.ok).toBe(true);
    const ranked = api.data!;
    expect(ranked.count).toBeGreaterThan(0);

    const page = await newPage();
    await loginByScan(page, gateway, SEC);
    await page.goto(`${gateway.url}/console/#/rankings`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="rank-table"] tbody tr td:nth-child(2)');
    const summary = await page.$eval('[data-test="rank-summary"]', (el) => (el as HTMLElement).innerText);
    expect(summary).toContain('青年路社区党支部');
    expect(summary).toContain(`参与排名 ${ranked.count} 人`);
    expect(summary).toContain(`参与率 ${ranked.participation}%`);
    const rows = await page.$$eval('[data-test="rank-table"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t').map((c) => c.trim())));
    expect(rows.map((r) => [r[0].replace('并列', '').trim(), r[1], r[3]])).toEqual(ranked.rows.map((r) => [String(r.rank), r.name, String(r.total)]));
    const totals = rows.map((r) => Number(r[3]));
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    // the two awarded members share the top, above everyone else
    expect(
      rows
        .slice(0, 2)
        .map((r) => r[1])
        .sort(),
    ).toEqual(awarded.map((m) => m.name).sort());
    expect(rows.slice(0, 2).map((r) => r[0].replace(/\s+/g, ''))).toEqual(['1并列', '1并列']);
    expect(totals[0]).toBeGreaterThan(0);
    expect(totals[2]).toBeLessThan(totals[0]);
    await screenshot(page, 'rankings-members');

    // the town's branches by per-capita points, as reports.orgRank orders them
    const orgs = await fromPhone<{ rows: { name: string }[] }>(gateway, SEC, 'reports', { action: 'orgRank', period: 'month', type: 'branch' });
    expect(orgs.ok).toBe(true);
    await page.click('[data-test="tab-orgs"]');
    await page.waitForSelector('[data-test="org-rank-table"] tbody tr td:nth-child(2)');
    const names = await page.$$eval('[data-test="org-rank-table"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t')[1]?.trim()));
    expect(names).toEqual(orgs.data!.rows.map((r) => r.name));
    expect(names).toContain('青年路社区党支部');
    // participation is a percentage from the server: 2 of b01's members earned this month
    const b01Row = await page.$$eval('[data-test="org-rank-table"] tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).innerText.split('\t').map((c) => c.trim())).find((c) => c[1] === '青年路社区党支部'),
    );
    const orgRow = (orgs.data!.rows as unknown as { name: string; participants: number; participation: number }[]).find((r) => r.name === '青年路社区党支部')!;
    expect(orgRow.participants).toBeGreaterThanOrEqual(2);
    expect(b01Row?.[5]).toBe(`${orgRow.participation}%`);
    await screenshot(page, 'rankings-orgs');
    await page.close();
  }, 90000);

  it("shows the town's 十佳 and 末位, records a 约谈 on a bottom member, and exports the 通报 as Excel", async () => {
    // (after the ranking test: this month's snapshot is made and two b01 members lead the town)
    const api = await fromPhone<HonoursResult>(gateway, ADMIN, 'reports', { action: 'honours', period: 'month', orgId: 't1' });
    expect(api.ok).toBe(true);
    const page = await newPage();
    await loginByScan(page, gateway, ADMIN);
    await page.goto(`${gateway.url}/console/#/honours`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="honours-best"] tbody tr td:nth-child(2)');
    const best = await page.$$eval('[data-test="honours-best"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t').map((c) => c.trim())));
    expect(best.map((r) => [r[1], r[3]])).toEqual(api.data!.best.map((b) => [b.name, String(b.total)]));
    expect(Number(best[0][3])).toBeGreaterThan(0);
    // a 约谈 on the last bottom member, shown on its row once saved
    const bottom = api.data!.bottom;
    expect(bottom.length).toBeGreaterThan(0);
    const last = bottom[bottom.length - 1];
    const buttons = await page.$$('[data-test="honours-bottom"] tbody tr .t-button');
    await buttons[buttons.length - 1].click();
    await page.waitForSelector('.t-dialog textarea');
    await page.type('.t-dialog textarea', '已约谈，督促参加组织生活');
    await page.click('.t-dialog .t-dialog__confirm');
    await page.waitForFunction(() => document.body.innerText.includes('已约谈，督促参加组织生活'), { timeout: 20000 });
    const rows = await page.$$eval('[data-test="honours-bottom"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ')));
    expect(rows[rows.length - 1]).toContain(last.name);
    expect(rows[rows.length - 1]).toContain('已约谈');
    await screenshot(page, 'honours');
    // the 通报: files.reports.export through the seam, then the .xlsx from its temporary URL
    const answered = page.waitForResponse((r) => r.url().endsWith('/v1/functions/files'));
    await page.click('[data-test="export-report"]');
    const exported = (await (await answered).json()) as { ok: boolean; data?: { url: string } };
    expect(exported.ok).toBe(true);
    await waitText(page, '通报已生成');
    const file = await fetch(new URL(exported.data!.url, gateway.url));
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await page.close();
  }, 90000);
});
