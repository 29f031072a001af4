/**
 * Pure helpers of the binding page: what the invite QR carries, and whether the form is ready.
 * The QR shows `HGJBIND:<code>` (INVITE_QR_PREFIX, generated from core/contracts/org).
 */
import { INVITE_QR_PREFIX } from '../../generated/contracts';

export { INVITE_QR_PREFIX };

export type BindForm = { name: string; phone: string; code: string };

/** The invite code in a scanned QR, or '' when the QR is not a 红管家 invite. */
export function codeFromScan(text: string): string {
  const t = text.trim();
  if (!t.toUpperCase().startsWith(INVITE_QR_PREFIX)) return '';
  const code = t.slice(INVITE_QR_PREFIX.length).replace(/\s/g, '').toUpperCase();
  return /^[0-9A-Z]{4,16}$/.test(code) ? code : '';
}

/**
 * The invite code in what wx.scanCode read: the invite 小程序码's path (`pages/bind/index?scene=<code>`,
 * URL-encoded on iOS) or the fallback QR's `HGJBIND:<code>`; '' when it is not an invite.
 */
export function codeFromScanned(r: { result?: string; path?: string }): string {
  const scene = r.path ? /[?&]scene=([^&]*)/.exec(r.path)?.[1] : undefined;
  if (scene !== undefined) {
    const code = decodeURIComponent(scene).trim().toUpperCase();
    return /^[0-9A-Z]{4,16}$/.test(code) ? code : '';
  }
  return codeFromScan(r.result ?? '');
}

/** The first thing still wrong with the form (zh-CN), or '' when it can be sent. */
export function formProblem(f: BindForm): string {
  if (!f.name.trim()) return '请填写姓名';
  if (!/^1[3-9]\d{9}$/.test(f.phone.trim())) return '请填写 11 位手机号';
  if (f.code.replace(/\s/g, '').length < 4) return '请填写或扫描邀请码';
  return '';
}
