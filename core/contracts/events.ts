import * as z from 'zod';
import { eventId, fileId, id, instant, memberId, offset, reason, requestId, ruleCode, ym, ymd } from './common';

/**
 * The `events` function's contract: service events, rotating-QR check-in and check-out, proxy
 * check-in, attendance and the branch dedication day (奉献日). Input schemas (zod, strict) and
 * result types; the mini-program imports the types only (`import type`). Instants travel as ISO
 * strings, China calendar dates as YYYY-MM-DD.
 */

export const EVENT_TYPES = ['dedication', 'themeDay', 'meeting', 'volunteer', 'gridDuty', 'other'] as const;
/** 奉献日 · 主题党日/党员活动日 · 三会一课 · 志愿服务 · 网格值守 · 其他 */
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

const orgId = id;
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);

/** Where the phone was at the scan (asked only when the event has a geofence). Never stored. */
const location = z.object({ lat, lng, accuracy: z.number().min(0).max(100000).optional() }).strict();

// ---------- events ----------

export const eventsCreateInput = z
  .object({
    type: z.enum(EVENT_TYPES),
    title: z.string().trim().min(1).max(40),
    /** The organizing org (its staff show the QR and see attendance). */
    orgId,
    /** Whose members may attend: the organizing org (default) or an org under it. */
    scopeOrgId: orgId.optional(),
    startAt: instant,
    endAt: instant,
    /** Check-in opens this many minutes before the start and stays open this long after the end. */
    earlyMinutes: z.number().int().min(0).max(180).default(30),
    lateMinutes: z.number().int().min(0).max(180).default(30),
    /**
     * How long after check-in closes a scan queued offline (made while it was open) may still
     * arrive; it then waits for staff to confirm it (docs/flows/checkin.md, "Offline scans").
     */
    offlineGraceMinutes: z.number().int().min(0).max(180).default(30),
    place: z
      .object({ name: z.string().trim().min(1).max(60) })
      .strict()
      .optional(),
    /** A check-in must come from within radiusM metres of this point (asks the phone's location). */
    geofence: z
      .object({ lat, lng, radiusM: z.number().int().min(30).max(5000) })
      .strict()
      .optional(),
    /** Rule credited at check-in: absent = the type's default, null = attendance only. */
    ruleCode: ruleCode.nullable().optional(),
    /** Rule credited per whole hour at check-out (needs checkoutRequired): absent = the type's default. */
    hoursRuleCode: ruleCode.nullable().optional(),
    capacity: z.number().int().min(1).max(100000).optional(),
    /** Absent = the type's default (volunteer service: yes). */
    checkoutRequired: z.boolean().optional(),
    note: z.string().trim().max(500).default(''),
    requestId: requestId.optional(),
  })
  .strict();
export type EventsCreateInput = z.output<typeof eventsCreateInput>;
/** What a client sends (defaults not yet applied). */
export type EventsCreateRequest = z.input<typeof eventsCreateInput>;

export const eventsListInput = z
  .object({
    /** mine: events the caller may attend; managed: events organized in the caller's staff scope. */
    view: z.enum(['mine', 'managed']).default('mine'),
    /** China dates, inclusive, on the event's start. */
    from: ymd.optional(),
    to: ymd.optional(),
    type: z.enum(EVENT_TYPES).optional(),
    offset: offset.default(0),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict();
export type EventsListInput = z.output<typeof eventsListInput>;
export type EventsListRequest = z.input<typeof eventsListInput>;

export const eventsGetInput = z.object({ eventId }).strict();
export type EventsGetInput = z.output<typeof eventsGetInput>;

export const eventsQrInput = z
  .object({
    eventId,
    /**
     * Which mini-program version the 小程序码 opens (wx.getAccountInfoSync().miniProgram.envVersion
     * of the page showing it): a trial or develop build's code opens that build. Default release.
     */
    envVersion: z.enum(['release', 'trial', 'develop']).default('release'),
  })
  .strict();
export type EventsQrInput = z.output<typeof eventsQrInput>;

export const eventsCloseInput = z
  .object({
    eventId,
    /** closed: ends check-in now (scans made before still count); cancelled: refuses every scan. */
    status: z.enum(['closed', 'cancelled']),
    reason: reason.optional(),
  })
  .strict();
export type EventsCloseInput = z.output<typeof eventsCloseInput>;

const scanFields = {
  /**
   * What was scanned: the fallback QR's text as wx.scanCode read it (`HGJ:…`), or the 小程序码's
   * scene (`<eventId>.<step><mac>`, domain/events/scene.ts) from the page's onLoad({scene}) or
   * from wx.scanCode's `path`. Case is kept (the scene is case-sensitive).
   */
  token: z.string().trim().min(1).max(120),
  /** Set only for a scan queued offline: when the phone read the code (server-corrected clock). */
  scannedAt: instant.optional(),
  location: location.optional(),
  /** The event page the scan was made from, if any: a code of another event is refused. */
  eventId: eventId.optional(),
};
export const eventsCheckinInput = z.object(scanFields).strict();
export type EventsCheckinInput = z.output<typeof eventsCheckinInput>;
export const eventsCheckoutInput = z.object(scanFields).strict();
export type EventsCheckoutInput = z.output<typeof eventsCheckoutInput>;

export const eventsProxyCheckinInput = z.object({ eventId, memberId, reason }).strict();
export type EventsProxyCheckinInput = z.output<typeof eventsProxyCheckinInput>;

/** One event's attendance... */
const attendanceOfEvent = z.object({ kind: z.literal('event'), eventId }).strict();
/** ...or every event organized under an org whose start falls in [from, to] (China dates, at most a year). */
const attendanceOfPeriod = z.object({ kind: z.literal('period'), orgId, from: ymd, to: ymd }).strict();
export const eventsAttendanceInput = z.discriminatedUnion('kind', [attendanceOfEvent, attendanceOfPeriod]);
export type EventsAttendanceInput = z.output<typeof eventsAttendanceInput>;

/**
 * The same lists as an .xlsx in cloud storage with a short-lived URL. Registered in the `files`
 * function (which alone bundles exceljs); the use case is core/usecases/events/attendance-export.ts.
 */
export const attendanceExportInput = eventsAttendanceInput;
export type AttendanceExportInput = z.output<typeof attendanceExportInput>;

/**
 * Staff decide offline scans awaiting confirmation (an offline check-in, or an offline
 * check-out's hours): named members, or every one pending at the event. Confirming credits
 * what the scans earned, exactly once; refusing credits nothing. Audited per member.
 */
const someMembers = z.object({ eventId, all: z.literal(false).optional(), memberIds: z.array(memberId).min(1).max(50), reason: reason.optional() }).strict();
const everyMember = z.object({ eventId, all: z.literal(true), reason: reason.optional() }).strict();
export const offlineDecisionInput = z.discriminatedUnion('all', [someMembers, everyMember]);
export type OfflineDecisionInput = z.output<typeof offlineDecisionInput>;

// ---------- dedication day ----------

export const dedicationConfigInput = z.object({ branchId: orgId, day: z.number().int().min(1).max(28) }).strict();
export type DedicationConfigInput = z.output<typeof dedicationConfigInput>;

export const dedicationLogInput = z
  .object({
    /** The China date the service was done (this month or last, not in the future). */
    date: ymd,
    place: z.string().trim().min(1).max(60),
    content: z.string().trim().min(1).max(300),
    hours: z.number().min(0.5).max(12).multipleOf(0.5),
    photos: z.array(fileId).min(1).max(9),
    requestId: requestId.optional(),
  })
  .strict();
export type DedicationLogInput = z.output<typeof dedicationLogInput>;

export const dedicationMonthInput = z.object({ branchId: orgId.optional(), month: ym }).strict();
export type DedicationMonthInput = z.output<typeof dedicationMonthInput>;

/** events.dedication.mine: the caller's own 奉献日 history and volunteer hours (no input). */
export const dedicationMineInput = z.object({}).strict();
export type DedicationMineInput = z.output<typeof dedicationMineInput>;

// ---------- results ----------

export type RulePoints = { code: string; name: string; evalPoints: number; redeemPoints: number };

export type EventView = {
  id: string;
  type: EventType;
  title: string;
  orgId: string;
  orgName: string;
  scopeOrgId: string;
  scopeName: string;
  startAt: string;
  endAt: string;
  earlyMinutes: number;
  lateMinutes: number;
  /** When check-in opens and closes (start − early, end + late). */
  opensAt: string;
  closesAt: string;
  offlineGraceMinutes: number;
  /** The last moment a scan queued offline may arrive (check-in's close, or an earlier close, + the grace). */
  offlineUntil: string;
  place: { name: string } | null;
  geofence: { lat: number; lng: number; radiusM: number } | null;
  rule: RulePoints | null;
  hoursRule: RulePoints | null;
  capacity: number | null;
  checkoutRequired: boolean;
  status: EventStatus;
  closedAt: string | null;
  note: string;
  createdAt: string;
  createdByName: string;
};

/**
 * Staff review of a scan: `none` for a scan made online (or a proxy check-in), `pending` for an
 * offline scan awaiting confirmation (it has credited nothing yet), then `confirmed` or `refused`.
 */
export type ReviewState = 'none' | 'pending' | 'confirmed' | 'refused';

/** A member's check-in as they see it (the first result of repeated scans). */
export type CheckinView = {
  eventId: string;
  memberId: string;
  memberName: string;
  /** When the code was scanned (for an offline scan, the phone's scan time). */
  at: string;
  offline: boolean;
  /** An offline check-in credits (and counts as attendance) only once staff confirm it. */
  review: ReviewState;
  proxy: { byName: string; reason: string } | null;
  /** Distance from the event's point when it has a geofence (metres, rounded). */
  distanceM: number | null;
  points: { eval: number; redeem: number };
  /** Attendance recorded but no points: the rule's period cap was already reached. */
  capped: boolean;
  checkoutAt: string | null;
  /** An offline check-out's hours credit once staff confirm it; null before a check-out. */
  checkoutReview: ReviewState | null;
  minutes: number | null;
  hours: number | null;
  creditedHours: number | null;
  hoursPoints: { eval: number; redeem: number } | null;
};

export type EventsCreateResult = { event: EventView; duplicate: boolean };
export type EventsListItem = EventView & { my: CheckinView | null; checkedIn: number | null };
export type EventsListResult = { items: EventsListItem[]; nextOffset: number | null };
export type EventsGetResult = { event: EventView; my: CheckinView | null; canManage: boolean; checkedIn: number | null };

/** The page a check-in 小程序码 opens (it reads onLoad({scene})). */
export const CHECKIN_CODE_PAGE = 'pages/checkin/index';

export type EventsQrResult = {
  eventId: string;
  /** The fallback QR's text, HGJ:<eventId>:<step>:<signature> (drawn in the page if the image fails). */
  token: string;
  /** The 小程序码's scene for this step (domain/events/scene.ts), ≤ 32 characters. */
  scene: string;
  /**
   * The 小程序码 (wxacode.getUnlimited) as a data URL (`data:image/…;base64,…`), ready for
   * <image src>; null when WeChat refused to make one (then `imageError`, and the page shows the
   * fallback QR). Inline, not a storage file: see docs/api/events.md "events.qr".
   */
  image: string | null;
  imageError: string | null;
  step: number;
  stepSeconds: number;
  /** Milliseconds until the next step: fetch a new token then. */
  refreshInMs: number;
  serverTime: string;
  window: 'before' | 'open' | 'after';
  checkedIn: number;
  checkedOut: number | null;
};

export type CheckinResult = CheckinView & {
  eventTitle: string;
  checkoutRequired: boolean;
  /** A repeated scan: this is the first check-in's result and nothing more was credited. */
  already: boolean;
  serverTime: string;
};
export type CheckoutResult = CheckinResult;
export type EventsCloseResult = { eventId: string; status: EventStatus; closedAt: string | null };

export type AttendanceRow = {
  memberId: string;
  name: string;
  branchId: string;
  branchName: string;
  at: string | null;
  offline: boolean;
  proxy: string | null;
  checkoutAt: string | null;
  hours: number | null;
  points: number;
  /** The check-out's offline review (pending: its hours wait for confirmation). */
  checkoutReview: ReviewState | null;
};
/** An offline scan awaiting staff: a check-in (nothing recorded as attendance yet) or a check-out's hours. */
export type AttendancePendingRow = {
  memberId: string;
  name: string;
  branchName: string;
  kind: 'checkin' | 'checkout';
  /** The phone's scan time (checked against the token's 15 s step). */
  scannedAt: string;
  /** When a check-in reached the server (null for a check-out). */
  receivedAt: string | null;
  /** For a check-out: the hours it would credit. */
  hours: number | null;
};
export type AbsentRow = { memberId: string; name: string; branchId: string; branchName: string };
export type AttendanceEventResult = {
  kind: 'event';
  event: EventView;
  expected: number;
  /** Check-ins recorded (online, proxy, or offline and confirmed). */
  attended: number;
  /** Attended first (by time), then absent; at most 500 of each here (the export has all). */
  attendedRows: AttendanceRow[];
  absentRows: AbsentRow[];
  /** Offline scans awaiting confirmation (their members are also listed as absent while a check-in waits). */
  pendingRows: AttendancePendingRow[];
  truncated: boolean;
};
export type AttendancePeriodRow = { memberId: string; name: string; branchId: string; branchName: string; attended: number; offline: number; proxy: number; hours: number };
export type AttendancePeriodResult = {
  kind: 'period';
  orgId: string;
  from: string;
  to: string;
  events: { id: string; title: string; type: EventType; startAt: string; attended: number; pending: number }[];
  members: number;
  rows: AttendancePeriodRow[];
  truncated: boolean;
};
export type EventsAttendanceResult = AttendanceEventResult | AttendancePeriodResult;
export type AttendanceExportResult = { url: string; fileID: string };

/** What one offline.confirm / offline.refuse call did; `remaining` > 0: call again for the rest. */
export type OfflineDecisionResult = {
  eventId: string;
  decision: 'confirmed' | 'refused';
  /** Members whose pending scans were decided by this call. */
  decided: string[];
  /** Points credited by this call (0 for a refusal, or when a scan had been credited already). */
  credited: { eval: number; redeem: number };
  /** Named members with nothing pending (already decided, or never scanned offline). */
  skipped: string[];
  remaining: number;
};

export type DedicationConfigResult = { branchId: string; day: number; nextDate: string };
export type DedicationLogView = {
  id: string;
  date: string;
  place: string;
  content: string;
  hours: number;
  photos: string[];
  claimId: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  createdAt: string;
};
export type DedicationLogResult = { log: DedicationLogView; duplicate: boolean };
/**
 * The caller's volunteer service: their 奉献日 service logs (newest first, with the review status)
 * and hours served this (China) year and ever — approved service logs plus hours credited at
 * events' check-out (an offline check-out counts once confirmed).
 */
export type DedicationMineResult = {
  logs: DedicationLogView[];
  hours: { year: number; total: number };
  year: number;
};
export type DedicationMonthRow = {
  memberId: string;
  name: string;
  served: boolean;
  /** Checked in at a dedication-day event of the branch this month. */
  viaEvent: boolean;
  /** Approved service logs this month. */
  viaLog: boolean;
  pendingLogs: number;
  hours: number;
  photoUrls: string[];
};
export type DedicationMonthResult = {
  branchId: string;
  branchName: string;
  month: string;
  /** The branch's dedication day this month (YYYY-MM-DD), or null when none is set. */
  date: string | null;
  events: { id: string; title: string; startAt: string; attended: number }[];
  members: number;
  served: number;
  hours: number;
  rows: DedicationMonthRow[];
};
/** One firing of the reminder job: what this run did, and whether every branch is done for `date`. */
export type DedicationRemindResult = { date: string; branches: number; queued: number; already: number; done: boolean };
