import type {
  AttendanceExportResult,
  CheckinResult,
  CheckoutResult,
  DedicationConfigResult,
  DedicationLogInput,
  DedicationLogResult,
  DedicationMonthResult,
  EventsAttendanceResult,
  EventsCloseResult,
  EventsCreateRequest,
  EventsCreateResult,
  EventsGetResult,
  EventsListRequest,
  EventsListResult,
  EventsQrResult,
  OfflineDecisionResult,
} from '../../core/contracts/events';
import { call, type Result } from './cloud';
import { CHECKIN_TOKEN_PATTERN } from '../generated/contracts';

const CHECKIN_TOKEN = new RegExp(CHECKIN_TOKEN_PATTERN);

/** Typed wrappers of the `events` function (活动签到、奉献日). See docs/api/events.md. */

export type ScanPayload = { token: string; scannedAt?: string; location?: { lat: number; lng: number; accuracy?: number }; eventId?: string };

export function listEvents(input: EventsListRequest = {}): Promise<Result<EventsListResult>> {
  return call<EventsListResult>('events', 'list', { ...input });
}

export function getEvent(eventId: string): Promise<Result<EventsGetResult>> {
  return call<EventsGetResult>('events', 'get', { eventId });
}

export function createEvent(input: EventsCreateRequest): Promise<Result<EventsCreateResult>> {
  return call<EventsCreateResult>('events', 'create', { ...input });
}

/** The current check-in code; `envVersion` (a trial or develop build) makes the 小程序码 open that build. */
export function eventQr(eventId: string, envVersion: 'release' | 'trial' | 'develop' = 'release'): Promise<Result<EventsQrResult>> {
  return call<EventsQrResult>('events', 'qr', { eventId, ...(envVersion !== 'release' ? { envVersion } : {}) });
}

export function closeEvent(eventId: string, status: 'closed' | 'cancelled', reason?: string): Promise<Result<EventsCloseResult>> {
  return call<EventsCloseResult>('events', 'close', { eventId, status, ...(reason ? { reason } : {}) });
}

export function checkin(p: ScanPayload): Promise<Result<CheckinResult>> {
  return call<CheckinResult>('events', 'checkin', { ...p });
}

export function checkout(p: ScanPayload): Promise<Result<CheckoutResult>> {
  return call<CheckoutResult>('events', 'checkout', { ...p });
}

export function proxyCheckin(eventId: string, memberId: string, reason: string): Promise<Result<CheckinResult & { memberName: string }>> {
  return call<CheckinResult & { memberName: string }>('events', 'proxyCheckin', { eventId, memberId, reason });
}

export function eventAttendance(eventId: string): Promise<Result<EventsAttendanceResult>> {
  return call<EventsAttendanceResult>('events', 'attendance', { kind: 'event', eventId });
}

/**
 * Staff decide offline scans awaiting confirmation: named members (at most 50 a call) or all
 * (`remaining` > 0: call again). Confirming credits what they earned; refusing credits nothing.
 */
export function decideOffline(eventId: string, decision: 'confirm' | 'refuse', who: { memberIds: string[] } | { all: true }): Promise<Result<OfflineDecisionResult>> {
  return call<OfflineDecisionResult>('events', `offline.${decision}`, { eventId, ...who });
}

/** The event's attendance as an .xlsx: the `files` function (it alone carries the spreadsheet library). */
export function exportAttendance(eventId: string): Promise<Result<AttendanceExportResult>> {
  return call<AttendanceExportResult>('files', 'attendance.export', { kind: 'event', eventId });
}

export function setDedicationDay(branchId: string, day: number): Promise<Result<DedicationConfigResult>> {
  return call<DedicationConfigResult>('events', 'dedication.config', { branchId, day });
}

export function logDedication(input: DedicationLogInput): Promise<Result<DedicationLogResult>> {
  return call<DedicationLogResult>('events', 'dedication.log', { ...input });
}

export function dedicationMonth(month: string, branchId?: string): Promise<Result<DedicationMonthResult>> {
  return call<DedicationMonthResult>('events', 'dedication.month', { month, ...(branchId ? { branchId } : {}) });
}

/** Is this scanned text one of our check-in codes? (HGJ:<eventId>:<step>:<sig>) Returns its event id. */
export function tokenEventId(text: string): string | null {
  const m = CHECKIN_TOKEN.exec(text.trim().toUpperCase());
  return m ? m[1] : null;
}
