import { DbError } from '../store/types';

/**
 * Fault injection for tests: fail or delay a chosen request, so a test can stop an action
 * half-way and prove it left no trace. A rule matches by api (e.g. 'database.commitTransaction'),
 * optionally by collection and by the n-th matching request.
 */
export type FaultRule = {
  api: string;
  collection?: string;
  /** 1-based: fire on the n-th matching request only (default: every match). */
  nth?: number;
  /** How many times it may fire (default: once when nth is given, else unlimited). */
  times?: number;
  /** Fail the request (the default unless only a delay is asked for). */
  fail?: boolean;
  /**
   * How it fails: `coded` (default) as the service answers, with a CloudBase code; `uncoded` as a
   * dropped connection does, an error without a code (wx-server-sdk then reports errCode -1).
   */
  error?: 'coded' | 'uncoded';
  /** The CloudBase code and message of a coded failure (default DATABASE_REQUEST_FAILED). */
  code?: string;
  message?: string;
  delayMs?: number;
};

/** A failure that reaches the SDK without a CloudBase code (e.g. the connection dropped). */
export class UncodedFault extends Error {}

type Armed = FaultRule & { seen: number; fired: number };

export class Faults {
  private rules: Armed[] = [];

  add(rule: FaultRule): () => void {
    const armed: Armed = { ...rule, seen: 0, fired: 0 };
    this.rules.push(armed);
    return () => {
      this.rules = this.rules.filter((r) => r !== armed);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** Applies matching rules before a request is served. */
  async before(api: string, collection: string | undefined): Promise<void> {
    for (const r of this.rules) {
      if (r.api !== api && r.api !== '*') continue;
      if (r.collection && r.collection !== collection) continue;
      r.seen++;
      if (r.nth !== undefined && r.seen !== r.nth) continue;
      const limit = r.times ?? (r.nth !== undefined ? 1 : Infinity);
      if (r.fired >= limit) continue;
      r.fired++;
      if (r.delayMs) await new Promise((res) => setTimeout(res, r.delayMs));
      if (!(r.fail ?? !r.delayMs)) continue;
      if (r.error === 'uncoded') throw new UncodedFault(`socket hang up (injected on ${api})`);
      throw new DbError(r.code ?? 'DATABASE_REQUEST_FAILED', r.message ?? `injected fault on ${api}`);
    }
  }
}
