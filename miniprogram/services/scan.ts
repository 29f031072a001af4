import type { CheckinResult } from '../../core/contracts/events';
import { CHECKIN_SCENE_PATTERN, CHECKIN_TOKEN_PATTERN } from '../generated/contracts';
import { enqueue, learnServerTime, serverNow } from './checkin-queue';
import type { Result } from './cloud';
import { checkin, checkout, type ScanPayload } from './events';

/**
 * The one scan flow for check-in and check-out (签到 tab, event page, and the check-in page opened
 * by WeChat's 扫一扫 from a 小程序码). What a code can be:
 * - a 小程序码 read by WeChat's own scanner: the page is opened with onLoad({scene}), the scene
 *   URL-encoded (WeChat server API getUnlimitedQRCode, "获取 scene 值": decodeURIComponent);
 * - the same 小程序码 read in the app by wx.scanCode (scanType wxCode): its `path` is
 *   `pages/checkin/index?scene=…` (encoded on iOS, raw on Android);
 * - the fallback QR's text `HGJ:<eventId>:<step>:<sig>` (wx.scanCode `result`), or under the
 *   local cloud the PNG's ordinary QR holding the scene itself.
 * Whatever the form, the server gets it as `token`.
 *
 * Location (geofenced events only): a member who once refused it is never asked again by WeChat
 * (wx.getLocation fails at once with "auth deny"; wx.getSetting shows scope.userLocation false).
 * Then the flow explains why and opens the settings page (wx.openSetting); once allowed it
 * retries: the same code if it is still fresh (a code rotates every 15 s and the previous one is
 * accepted, so ≤ 20 s old), else a new scan of the code on screen.
 *
 * Leaving: the event has one code for both. A check-in scan that the server answers with the
 * member's earlier check-in (`already`) at an event asking for check-out, not yet checked out,
 * means the member is leaving: the same code goes on as a check-out, no second camera scan. The
 * decision is made here, in the one scan flow, so the 签到 tab, the page a 小程序码 opens and the
 * event page all behave alike; the server keeps two plain actions. A check-in less than
 * CONFIRM_CHECKOUT_MS old is more likely a second tap than a departure: the member confirms first.
 */
export type ScanKind = 'checkin' | 'checkout';
/** A check-in code as read: what to send as token, and its event. */
export type ScannedCode = { token: string; eventId: string; readAt: number };

export type ScanOutcome =
  | { status: 'cancelled' }
  | { status: 'notOurs' }
  | { status: 'done'; kind: ScanKind; eventId: string; result: Result<CheckinResult> }
  | { status: 'queued'; kind: ScanKind; eventId: string }
  /** The member kept location off: `code` is what to retry once it is on (retryCode). */
  | { status: 'locationRefused'; kind: ScanKind; eventId: string; code: ScannedCode };

const SCENE = new RegExp(CHECKIN_SCENE_PATTERN);
const TOKEN = new RegExp(CHECKIN_TOKEN_PATTERN);
/** A code older than this is scanned again rather than resent (current step + the previous one's grace, less a margin). */
export const FRESH_MS = 20_000;
/** A check-in younger than this (server time) is confirmed before a second scan checks the member out. */
export const CONFIRM_CHECKOUT_MS = 10 * 60_000;

/** The server's answer to a check-in scan says the member is already in and may still check out. */
export function meansLeaving(r: CheckinResult): boolean {
  return r.already && r.checkoutRequired && !r.checkoutAt && r.review !== 'refused';
}

/** Asks before checking out a member who checked in only minutes ago; true to go on. */
function confirmLeaving(r: CheckinResult): Promise<boolean> {
  if (Date.parse(r.serverTime) - Date.parse(r.at) >= CONFIRM_CHECKOUT_MS) return Promise.resolve(true);
  return new Promise((resolve) => {
    wx.showModal({
      title: '现在签退吗？',
      content: `您刚刚已签到（${r.eventTitle}）。签退后不能再次签退，服务时长按签到到签退计算。确定现在离开并签退吗？`,
      confirmText: '签退',
      cancelText: '暂不',
      success: (m) => resolve(!!m.confirm),
      fail: () => resolve(false),
    });
  });
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The code in a scene as WeChat passes it to onLoad (URL-encoded), or null. */
export function codeFromScene(raw: string | undefined | null): ScannedCode | null {
  if (!raw) return null;
  const scene = decode(raw).trim();
  const m = SCENE.exec(scene);
  return m ? { token: scene, eventId: m[1], readAt: Date.now() } : null;
}

/** The code in what wx.scanCode read (a 小程序码's path, or a QR's text), or null when it is not ours. */
export function codeFromScanResult(r: { result?: string; path?: string }): ScannedCode | null {
  const q = r.path ? /[?&]scene=([^&]*)/.exec(r.path) : null;
  if (q) return codeFromScene(q[1]);
  const text = (r.result ?? '').trim();
  const scene = codeFromScene(text);
  if (scene) return scene;
  const m = TOKEN.exec(text.toUpperCase());
  return m ? { token: text, eventId: m[1], readAt: Date.now() } : null;
}

/** wx.scanCode for our codes (the 小程序码 and the fallback QR); null when the member backs out. */
export function readCode(): Promise<{ code: ScannedCode | null } | null> {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['wxCode', 'qrCode'],
      success: (r) => resolve({ code: codeFromScanResult(r as { result?: string; path?: string }) }),
      fail: () => resolve(null),
    });
  });
}

type Location = NonNullable<ScanPayload['location']>;
type Located = { location: Location } | { refused: true } | { unavailable: true };

/** "getLocation:fail auth deny", "…:fail auth denied", "…:fail authorize no response": the member's refusal. */
export const isLocationRefusal = (errMsg: string): boolean => /auth(orize)? ?(deny|denied|no response)|scope unauthorized|permission denied/i.test(errMsg);

/** Has the member refused location before? (WeChat then fails getLocation without asking.) */
function refusedBefore(): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.getSetting !== 'function') return resolve(false);
    wx.getSetting({ success: (s) => resolve(s.authSetting['scope.userLocation'] === false), fail: () => resolve(false) });
  });
}

async function locate(): Promise<Located> {
  if (await refusedBefore()) return { refused: true };
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: (r) => resolve({ location: { lat: r.latitude, lng: r.longitude, accuracy: r.accuracy } }),
      fail: (e) => resolve(isLocationRefusal(e?.errMsg ?? '') ? { refused: true } : { unavailable: true }),
    });
  });
}

/** Explains why, opens the settings page; true when the member turned location on there. */
export function askForLocation(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title: '需要位置权限',
      content: '本活动要确认您在现场才能签到（只核对是否在范围内，不保存位置）。您之前拒绝了位置权限，请在设置中打开“位置信息”。',
      confirmText: '去设置',
      cancelText: '暂不',
      success: (m) => {
        if (!m.confirm) return resolve(false);
        wx.openSetting({ success: (s) => resolve(s.authSetting['scope.userLocation'] === true), fail: () => resolve(false) });
      },
      fail: () => resolve(false),
    });
  });
}

const send = (kind: ScanKind, p: ScanPayload): Promise<Result<CheckinResult>> => (kind === 'checkin' ? checkin(p) : checkout(p));

export type SubmitOptions = {
  /** The event page the scan is made from: a code of another event is refused. */
  expectedEventId?: string;
  /** Does this event ask for a location? (known from the list or the page; else learnt from LOCATION_REQUIRED) */
  geofenced?: boolean;
};

/**
 * Sends a read code: with a location when the event asks for one (through the settings page if
 * the member refused it before), the scan kept on the phone when the network is down.
 */
export async function submitCode(kind: ScanKind, first: ScannedCode, opts: SubmitOptions = {}): Promise<ScanOutcome> {
  let code = first;
  // the scan time, on the server's clock: what an offline scan is judged by
  let scannedAt = serverNow().toISOString();
  let location: Location | null = null;
  const payload = (): ScanPayload => ({ token: code.token, ...(location ? { location } : {}), ...(opts.expectedEventId ? { eventId: opts.expectedEventId } : {}) });

  /** Gets a location, through the settings page if the member refused it before. */
  const withLocation = async (): Promise<'ok' | 'refused' | 'unavailable' | 'cancelled'> => {
    let got = await locate();
    if ('refused' in got) {
      if (!(await askForLocation())) return 'refused';
      got = await locate();
      // retry the scan: the code on screen has moved on if the detour took long
      if ('location' in got && Date.now() - code.readAt > FRESH_MS) {
        const again = await readCode();
        if (!again?.code) return 'cancelled';
        code = again.code;
        scannedAt = serverNow().toISOString();
      }
    }
    if ('location' in got) location = got.location;
    return 'location' in got ? 'ok' : 'refused' in got ? 'refused' : 'unavailable';
  };
  const stopped = (why: 'refused' | 'cancelled'): ScanOutcome => (why === 'cancelled' ? { status: 'cancelled' } : { status: 'locationRefused', kind, eventId: code.eventId, code });

  if (opts.geofenced) {
    const got = await withLocation();
    if (got === 'refused' || got === 'cancelled') return stopped(got);
  }
  let r = await send(kind, payload());
  if (!r.ok && r.code === 'LOCATION_REQUIRED' && !location) {
    const got = await withLocation();
    if (got === 'refused' || got === 'cancelled') return stopped(got);
    if (got === 'ok') r = await send(kind, payload());
  }
  if (r.ok) {
    learnServerTime(r.data.serverTime);
    // the same code scanned again to leave: check out with it (a new scan only if it went stale meanwhile)
    if (kind === 'checkin' && meansLeaving(r.data) && (await confirmLeaving(r.data))) return retryCode('checkout', code, { ...opts, geofenced: opts.geofenced || location !== null });
    return { status: 'done', kind, eventId: r.data.eventId, result: r };
  }
  if (r.code === 'NETWORK' || r.code === 'TIMEOUT') {
    enqueue({ kind, token: code.token, scannedAt, ...(location ? { location } : {}), ...(opts.expectedEventId ? { eventId: opts.expectedEventId } : {}) });
    return { status: 'queued', kind, eventId: code.eventId };
  }
  return { status: 'done', kind, eventId: code.eventId, result: r };
}

/** Scans with the camera and submits: the tab's and the event page's 扫码签到 / 扫码签退. */
export async function scanAndSubmit(kind: ScanKind, opts: SubmitOptions & { geofencedEvent?: (eventId: string) => boolean } = {}): Promise<ScanOutcome> {
  const read = await readCode();
  if (!read) return { status: 'cancelled' };
  if (!read.code) return { status: 'notOurs' };
  const geofenced = opts.geofenced ?? opts.geofencedEvent?.(read.code.eventId) ?? false;
  return submitCode(kind, read.code, { ...opts, geofenced });
}

/** The settings page straight from a tap (the result card's button); true when location is on. */
export function openLocationSetting(): Promise<boolean> {
  return new Promise((resolve) => {
    wx.openSetting({ success: (s) => resolve(s.authSetting['scope.userLocation'] === true), fail: () => resolve(false) });
  });
}

/** Tries a code again (after the settings page): the same code while fresh, else a new scan. */
export function retryCode(kind: ScanKind, code: ScannedCode, opts: SubmitOptions = {}): Promise<ScanOutcome> {
  return Date.now() - code.readAt <= FRESH_MS ? submitCode(kind, code, opts) : scanAndSubmit(kind, opts);
}
