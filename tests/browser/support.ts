import * as fs from 'node:fs';
import * as path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { loadDeployedFunctions } from '../../emulator/functions';
import { startGateway, type Gateway } from '../../emulator/gateway/server';
import type { LocalCloud } from '../../emulator/local-cloud';
import { devIdentities } from '../../scripts/seed/identities';
import { startTestCloud } from '../support/cloud';

// page.evaluate callbacks run in the page; the node tsconfig has no DOM lib, so the page globals they use are declared here
declare const document: { body: { innerText: string }; fonts: { ready: Promise<unknown> } };

const root = path.resolve(__dirname, '..', '..');
export const OUTPUT = path.join(root, 'test-output');
const CONSOLE_DIST = path.join(root, 'console', 'dist');

/**
 * What `npm start` runs, in memory: a strict local cloud seeded with the demo county, the BUILT
 * function bundles (npm run build) and the gateway serving the BUILT console (npm run build:console).
 */
export async function startStack(): Promise<{ cloud: LocalCloud; gateway: Gateway; close(): Promise<void> }> {
  for (const [what, file] of [
    ['npm run build:console', path.join(CONSOLE_DIST, 'index.html')],
    ['npm run build', path.join(root, 'cloudfunctions', 'auth', 'index.js')],
  ])
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ${what} first (npm run test:browser does)`);
  const cloud = await startTestCloud();
  const deployed = loadDeployedFunctions(path.join(root, 'cloudfunctions'));
  const functions = Object.fromEntries(deployed.map((f) => [f.name, f.main]));
  const gateway = await startGateway({ cloud, functions, identities: () => devIdentities(cloud.store), consoleDir: CONSOLE_DIST });
  return {
    cloud,
    gateway,
    close: async () => {
      await gateway.close();
      await cloud.close();
    },
  };
}

/**
 * Headless Chromium from the npm registry (@sparticuz/chromium ships its binary in the package),
 * with the flags this machine's closed network needs (no background connections).
 */
export async function launchBrowser(): Promise<Browser> {
  const chromium = require('@sparticuz/chromium') as { executablePath(): Promise<string>; args: string[] };
  const extra = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps', '--mute-audio'];
  return puppeteer.launch({
    executablePath: await chromium.executablePath(),
    // --single-process (a Lambda setting) crashes Chromium at the second browser context, one per test here
    args: [...chromium.args.filter((a) => !a.startsWith('--headless') && a !== '--single-process'), ...extra],
    headless: 'shell',
    defaultViewport: { width: 1440, height: 900 },
    userDataDir: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'hgj-chromium-')),
  });
}

/** Saves a screenshot under test-output/ (git-ignored) once the web font has loaded. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png` });
  return file;
}

/** The phone: a function call as a WeChat user (x-openid), through the gateway as the mini-program makes it. */
export async function fromPhone<T = unknown>(gateway: Gateway, openid: string, fn: string, event: Record<string, unknown>): Promise<{ ok: boolean; code?: string; data?: T; message?: string }> {
  const r = await fetch(`${gateway.url}/fn/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify(event) });
  return (await r.json()) as { ok: boolean; code?: string; data?: T };
}

/** Opens the console's login page and waits for its QR: the login request id the QR carries. */
export async function openLogin(page: Page, gateway: Gateway): Promise<string> {
  await page.goto(`${gateway.url}/console/`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.qr[data-state="waiting"] img, [data-test="login-message"]', { timeout: 60000 });
  const message = await page.$('[data-test="login-message"]');
  if (message) throw new Error(`the login page shows no QR: ${await page.evaluate(() => document.body.innerText)}`);
  return page.$eval('.qr', (el) => el.getAttribute('data-request-id') ?? '');
}

/** Scan to log in: the QR's request confirmed from the phone by `openid`, then the console signed in. */
export async function loginByScan(page: Page, gateway: Gateway, openid: string): Promise<void> {
  const requestId = await openLogin(page, gateway);
  const confirmed = await fromPhone(gateway, openid, 'auth', { action: 'console.confirm', requestId });
  if (!confirmed.ok) throw new Error(`confirm as ${openid}: ${confirmed.code}`);
  await page.waitForSelector('[data-test="who"]', { timeout: 15000 });
}

export const text = (page: Page): Promise<string> => page.evaluate(() => document.body.innerText);
