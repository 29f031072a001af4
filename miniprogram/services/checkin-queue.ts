import type { CheckinResult } from '../../core/contracts/events';
import type { Result } from './cloud';
import type { ScanPayload } from './events';

/**
 * Scans that could not reach the server (no signal in the village square) wait on the phone
 * with the time they were made, and are sent when the network returns (wx.onNetworkStatusChange,
 * or the 签到 page showing). The server accepts one only if the token's 15 s step matches that
 * time, the event's window was open then, and it arrives before check-in closes plus the
 * event's grace (default 30 minutes); it is kept as an offline scan that credits only once the
 * organizer confirms it.
 *
 * The scan time is the phone's clock corrected by the offset to the server's clock learned from
 * every answer (`serverTime`), so a phone whose clock is off by minutes still queues the right time.
 */
export type QueuedScan = {
  id: string;
  kind: 'checkin' | 'checkout';
  token: string;
  /** Server-corrected time of the scan, ISO. */
  scannedAt: string;
  location?: ScanPayload['location'];
  eventId?: string;
  queuedAt: string;
};

export const QUEUE_KEY = 'checkin.queue';
export const OFFSET_KEY = 'checkin.clockOffset';
/** More than this and the oldest go: a stuck queue must not grow without end. */
const MAX_QUEUED = 20;
/**
 * Older than this, the server has refused it for certain (an event lasts at most 7 days; the
 * grace after it at most 3 h): no point keeping it. The server's answer decides before that.
 */
const MAX_AGE_MS = 8 * 24 * 3600 * 1000;

export function queuedScans(): QueuedScan[] {
  const v = wx.getStorageSync(QUEUE_KEY) as unknown;
  return Array.isArray(v) ? (v as QueuedScan[]) : [];
}

function save(list: QueuedScan[]): void {
  wx.setStorageSync(QUEUE_KEY, list);
}

/** Milliseconds to add to the phone's clock to get the server's. */
export function clockOffset(): number {
  const v = Number(wx.getStorageSync(OFFSET_KEY));
  return Number.isFinite(v) ? v : 0;
}

/** Learns the offset from an answer's serverTime (received `at` phone time). */
export function learnServerTime(serverTime: string, at = Date.now()): void {
  const t = Date.parse(serverTime);
  if (Number.isFinite(t)) wx.setStorageSync(OFFSET_KEY, t - at);
}

/** The server's time now, as the phone best knows it. */
export const serverNow = (): Date => new Date(Date.now() + clockOffset());

/** Keeps a scan for later; the same code scanned twice is kept once. */
export function enqueue(scan: Omit<QueuedScan, 'id' | 'queuedAt'>): QueuedScan {
  const list = queuedScans().filter((q) => !(q.token === scan.token && q.kind === scan.kind));
  const item: QueuedScan = { ...scan, id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, queuedAt: new Date().toISOString() };
  save([...list, item].slice(-MAX_QUEUED));
  return item;
}

export type SendOutcome = { scan: QueuedScan; result: Result<CheckinResult> };

/** A failure that means "try again later", not "the server said no". */
export const keepQueued = (r: Result<unknown>): boolean => !r.ok && ['NETWORK', 'TIMEOUT', 'BUSY', 'INTERNAL', 'RATE_LIMITED'].includes(r.code);

let sending: Promise<SendOutcome[]> | null = null;

/**
 * Sends every queued scan, oldest first, once at a time (a second call while sending waits for
 * the first). An answer (ok, or a refusal such as CHECKIN_TOKEN_EXPIRED) removes the scan; a
 * network failure keeps it and stops. Scans past MAX_AGE_MS are dropped unsent.
 */
export function flushQueue(send: (kind: QueuedScan['kind'], p: ScanPayload) => Promise<Result<CheckinResult>>): Promise<SendOutcome[]> {
  sending ??= (async () => {
    const out: SendOutcome[] = [];
    try {
      for (const scan of queuedScans()) {
        if (Date.now() + clockOffset() - Date.parse(scan.scannedAt) > MAX_AGE_MS) {
          save(queuedScans().filter((q) => q.id !== scan.id));
          continue;
        }
        const result = await send(scan.kind, {
          token: scan.token,
          scannedAt: scan.scannedAt,
          ...(scan.location ? { location: scan.location } : {}),
          ...(scan.eventId ? { eventId: scan.eventId } : {}),
        });
        if (keepQueued(result)) break;
        if (result.ok) learnServerTime(result.data.serverTime);
        save(queuedScans().filter((q) => q.id !== scan.id));
        out.push({ scan, result });
      }
    } finally {
      sending = null;
    }
    return out;
  })();
  return sending;
}
