import { assessmentExportInput } from '../contracts/assess';
import { attendanceExportInput } from '../contracts/events';
import { reportsExportInput } from '../contracts/reports';
import { auditExportInput, importInput, uploadInput } from '../contracts/org';
import { action, defineFunction } from '../runtime/router';
import { assessmentExport } from '../usecases/assess/export';
import { auditExport } from '../usecases/org/audit-export';
import { attendanceExport } from '../usecases/events/attendance-export';
import { importMembers } from '../usecases/org/import';
import { uploadRoster } from '../usecases/org/upload';
import { reportsExport } from '../usecases/reports/export';

/**
 * The `files` cloud function: spreadsheets in and out. It is the only function that bundles
 * exceljs (with jszip, unzipper and their helpers, about 1 MB), so the others stay small and
 * start fast. The use cases live with their areas (usecases/org, usecases/events); only their
 * registration is here.
 *   roster.upload      a roster file as base64 -> fileID (local mode; a real env uses wx.cloud.uploadFile)
 *   roster.import      validate (dryRun) or import an uploaded .xlsx / .csv roster
 *   attendance.export  an event's or a period's attendance as .xlsx, with a 10-minute download URL
 *   assessment.export  a published quarterly assessment (members, orgs, every version) as .xlsx
 *   reports.export     an org's 通报 for a period (rankings, stars, participation, changes) as .xlsx
 *   audit.export       the audit log with org.audit.list's filters as .xlsx
 */
export const files = defineFunction('files', {
  'roster.upload': action({ input: uploadInput, run: uploadRoster }),
  'roster.import': action({ input: importInput, run: importMembers }),
  'attendance.export': action({ input: attendanceExportInput, run: attendanceExport }),
  'assessment.export': action({ input: assessmentExportInput, run: assessmentExport }),
  'reports.export': action({ input: reportsExportInput, run: reportsExport }),
  'audit.export': action({ input: auditExportInput, run: auditExport }),
});
