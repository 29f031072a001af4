import type { AttendanceExportResult, AttendancePeriodResult, DedicationMineResult } from '../../core/contracts/events';
import { call, type Result } from './cloud';

/** Attendance over a date range of everything organized under an org (events.attendance, kind period). */
export function periodAttendance(orgId: string, from: string, to: string): Promise<Result<AttendancePeriodResult>> {
  return call<AttendancePeriodResult>('events', 'attendance', { kind: 'period', orgId, from, to });
}

/** The same report as an .xlsx (files.attendance.export); open it with services/files openExport. */
export function exportPeriodAttendance(orgId: string, from: string, to: string): Promise<Result<AttendanceExportResult>> {
  return call<AttendanceExportResult>('files', 'attendance.export', { kind: 'period', orgId, from, to });
}

/** The caller's own 奉献日 history and volunteer hours (events.dedication.mine). */
export function myDedication(): Promise<Result<DedicationMineResult>> {
  return call<DedicationMineResult>('events', 'dedication.mine');
}
