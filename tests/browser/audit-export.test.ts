import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, HTTPResponse } from 'puppeteer-core';
import type { AuditExportResult, AuditListResult } from '../../core/contracts/org';
import type { Gateway } from '../../emulator/gateway/server';
import { fromPhone, launchBrowser, openLogin, screenshot, startStack } from './support';

// The console's login 小程序码 and the audit page's 导出 Excel in headless Chromium against the
// local cloud: the login page shows the image auth.console.request answered (the local cloud's
// stand-in for a 小程序码 is an ordinary QR of the scene, emulator/bridge/openapi.ts), and the
// export button downloads the .xlsx the files function wrote for the filter shown.
const ADMIN = 'demo-admin-t1';
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

describe('console: login 小程序码 and audit export', () => {
  it('shows the login code whose scene is the request id, then an admin downloads the audit log of the filter shown', async () => {
    const page = await browser.newPage();
    const requestId = await openLogin(page, gateway);
    const src = await page.$eval('.qr img', (el) => el.getAttribute('src') ?? '');
    expect(await page.$eval('.qr', (el) => el.getAttribute('data-kind'))).toBe('wxacode');
    const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(requestId);
    // the phone opened from that code confirms with its scene
    expect((await fromPhone(gateway, ADMIN, 'auth', { action: 'console.confirm', requestId })).ok).toBe(true);
    await page.waitForSelector('[data-test="who"]', { timeout: 15000 });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hgj-download-'));
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await page.goto(`${gateway.url}/console/#/audit`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-test="audit-table"] tbody tr');
    const answered = page.waitForResponse((r: HTTPResponse) => r.url().endsWith('/v1/functions/files') && r.request().method() === 'POST');
    await page.click('[data-test="audit-export"]');
    const body = (await (await answered).json()) as { ok: boolean; data: AuditExportResult };
    expect(body.ok).toBe(true);

    // the download: the same records org.audit.list answers the admin for the same (empty) filter
    let file = '';
    for (let i = 0; i < 100 && !file; i++) {
      file = fs.readdirSync(dir).find((f) => f.endsWith('.xlsx')) ?? '';
      if (!file) await new Promise((r) => setTimeout(r, 100));
    }
    expect(file).not.toBe('');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(path.join(dir, file)) as unknown as ArrayBuffer);
    const ids: string[] = [];
    wb.getWorksheet('审计日志')!.eachRow((row, n) => void (n > 1 && ids.push(String(row.getCell(12).value))));
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { data?: AuditListResult } = await fromPhone<AuditListResult>(gateway, ADMIN, 'org', { action: 'audit.list', limit: 100, ...(cursor ? { cursor } : {}) });
      listed.push(...r.data!.items.map((a) => a.id));
      cursor = r.data!.nextCursor;
    } while (cursor);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(listed);
    expect(body.data.rows).toBe(ids.length);
    await screenshot(page, 'audit-export');
    await page.close();
  }, 120000);
});
