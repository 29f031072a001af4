import * as z from 'zod';
import type { Role } from './roles';

export const meInput = z.object({}).strict();

/** auth.workbench: what waits on the caller as staff (no input: counted within their grants). */
export const workbenchInput = z.object({}).strict();
export type WorkbenchInput = z.output<typeof workbenchInput>;
/**
 * Counts of work waiting on the caller, each within the grants that allow deciding it; `null`
 * when the caller holds no role for that kind of work (the workbench hides the entry).
 * `gridIssues`: grid issues in the caller's grids waiting on staff (accept, assign, close).
 */
export type WorkbenchResult = {
  claimsToReview: number | null;
  ordersToHandOut: number | null;
  offlineScans: number | null;
  gridIssues: number | null;
};

export type OrgType = 'county' | 'town' | 'branch' | 'group';
export type PartyStatus = 'full' | 'probationary';
export const PARTY_STATUS_LABELS: Record<PartyStatus, string> = { full: '正式党员', probationary: '预备党员' };
export type MemberStatus = 'active' | 'transferred' | 'suspended';

export type MeRole = { role: Role; orgId: string; orgName: string };

export type MeResult = {
  memberId: string;
  name: string;
  /** Always masked here (138****1234): the caller sees their own number only as a hint. */
  phoneMasked: string;
  partyStatus: PartyStatus;
  status: MemberStatus;
  branch: { id: string; name: string };
  group: { id: string; name: string } | null;
  town: { id: string; name: string } | null;
  roles: MeRole[];
};

/**
 * auth.bind: a WeChat user binds to a roster member with the branch's invite code (from the
 * secretary's QR or typed), their name and phone number as the roster has them.
 */
export const bindInput = z
  .object({
    /** 6 characters; case and spaces are ignored. The QR text `HGJBIND:<code>` is accepted too. */
    inviteCode: z.string().trim().min(4).max(32),
    name: z.string().trim().min(1).max(30),
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/),
  })
  .strict();
export type BindInput = z.output<typeof bindInput>;
/** The bound member's profile, the same shape as auth.me. */
export type BindResult = MeResult;

// ---- Console scan-to-log-in (docs/console.md) ----

/** What a console login QR carries locally: `HGJCONSOLE:<requestId>` (on CloudBase the 小程序码's scene is the id). */
export const CONSOLE_QR_PREFIX = 'HGJCONSOLE:';
/** A login request (the QR) lives this long before a phone must have confirmed it. */
export const CONSOLE_REQUEST_TTL_MS = 2 * 60 * 1000;
/** A confirmed console session lasts a working day. */
export const CONSOLE_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** The login request id is also the session's CloudBase custom user id: 4-32 of [A-Za-z0-9_-…]. */
const consoleRequestId = z
  .string()
  .trim()
  .regex(/^cs[0-9a-f]{24}$/);

/** auth.console.request (public): the browser asks for a login QR. */
export const consoleRequestInput = z
  .object({
    /** Which browser asks, as the page describes itself (shown on the phone before confirming). */
    browser: z.string().trim().min(1).max(120),
  })
  .strict();
export type ConsoleRequestInput = z.output<typeof consoleRequestInput>;
export type ConsoleRequestResult = {
  requestId: string;
  /** Only the browser knows it: polling needs it, so a photo of the QR cannot sign anyone in. */
  pollSecret: string;
  /** The QR text (`HGJCONSOLE:<requestId>`). */
  qr: string;
  /**
   * The login 小程序码 (wxacode.getUnlimited, scene = the request id, opening
   * CONSOLE_CODE_PAGE) as an inline data URL; null when WeChat refused it or the cap was
   * reached (the page then draws `qr` as an ordinary QR).
   */
  image: string | null;
  expiresAt: Date;
};

/** The page a console login 小程序码 opens; it reads the request id from `scene`. */
export const CONSOLE_CODE_PAGE = 'staff/pages/console/index';

/** auth.console.poll (public): the browser waits for the phone. */
export const consolePollInput = z.object({ requestId: consoleRequestId, pollSecret: z.string().trim().min(16).max(64) }).strict();
export type ConsolePollInput = z.output<typeof consolePollInput>;
export type ConsolePollResult =
  | { status: 'pending'; expiresAt: Date }
  /** Once: the custom-login ticket the browser signs in with, and who it is. */
  | { status: 'confirmed'; ticket: string; memberName: string; expiresAt: Date }
  /** The ticket was handed out already (a second browser tab, a replay). */
  | { status: 'used' };

/** auth.console.scan / confirm (staff, from the phone): the request the QR names. */
export const consoleScanInput = z
  .object({
    /** The id, or the whole QR text `HGJCONSOLE:<id>`. */
    requestId: z
      .string()
      .trim()
      .transform((s) => (s.startsWith(CONSOLE_QR_PREFIX) ? s.slice(CONSOLE_QR_PREFIX.length) : s))
      .pipe(consoleRequestId),
  })
  .strict();
export type ConsoleScanInput = z.output<typeof consoleScanInput>;
export type ConsoleScanResult = { requestId: string; browser: string; requestedAt: Date; expiresAt: Date };
export type ConsoleConfirmResult = { requestId: string; browser: string; sessionExpiresAt: Date };

export const consoleSessionsInput = z.object({}).strict();
export type ConsoleSessionView = { sessionId: string; browser: string; confirmedAt: Date; expiresAt: Date; current: boolean };
export type ConsoleSessionsResult = { sessions: ConsoleSessionView[] };

export const consoleRevokeInput = z.object({ sessionId: consoleRequestId }).strict();
export type ConsoleRevokeInput = z.output<typeof consoleRevokeInput>;
export const consoleLogoutInput = z.object({}).strict();
