import { jest } from '@jest/globals';
import * as simulate from 'miniprogram-simulate';
import type { PageHandle } from '../harness';

/** Types into a TDesign t-input (its inner <input> fires `input`, the component emits `change`). */
export async function typeInto(page: PageHandle, hostSelector: string, value: string): Promise<void> {
  const input = page.find(`${hostSelector} >>> .t-input__control`);
  if (!input) throw new Error(`no t-input at ${hostSelector}`);
  input.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await simulate.sleep(0);
  await page.flush();
}

/** wx APIs the org pages use beyond tests/pages/setup-wx.ts, installed as jest mocks. */
export function mockWx(apis: Record<string, (...a: never[]) => unknown>): Record<string, jest.Mock> {
  const out: Record<string, jest.Mock> = {};
  for (const [name, impl] of Object.entries(apis)) {
    out[name] = jest.fn(impl as (...a: unknown[]) => unknown);
    (wx as unknown as Record<string, unknown>)[name] = out[name];
  }
  return out;
}
