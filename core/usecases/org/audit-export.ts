import dayjs from 'dayjs';
import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { AUDIT_EXPORT_MAX, type AuditExportInput, type AuditExportResult, type AuditItem } from '../../contracts/org';
import { ROLE_LABELS } from '../../contracts/roles';
import { uploadFile } from '../../db/storage';
import { tempFileUrls } from '../../db/temp-url';
import { CHINA_TZ } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { loadExcel } from '../../runtime/excel';
import { listAudit } from './audit-list';

/** org.audit.list's largest page. */
const PAGE = 100;

/** A before/after value as the cell shows it: JSON, or empty when there was none. */
const json = (v: unknown): string => (v === undefined || v === null ? '' : JSON.stringify(v));

/** The columns of the sheet, in order: header, width, and what a record puts there. */
export const AUDIT_COLUMNS: { header: string; width: number; value: (a: AuditItem) => string }[] = [
  { header: '时间', width: 20, value: (a) => dayjs(a.at).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm:ss') },
  { header: '操作人', width: 12, value: (a) => a.actorName },
  { header: '操作人编号', width: 16, value: (a) => a.actorId },
  { header: '角色', width: 14, value: (a) => ROLE_LABELS[a.role] ?? a.role },
  { header: '操作', width: 26, value: (a) => a.action },
  { header: '对象类型', width: 12, value: (a) => a.targetType },
  { header: '对象', width: 26, value: (a) => a.targetId },
  { header: '原因', width: 30, value: (a) => a.reason },
  { header: '来源', width: 10, value: (a) => (a.via === 'console' ? '管理后台' : '小程序') },
  { header: '修改前', width: 40, value: (a) => json(a.before) },
  { header: '修改后', width: 40, value: (a) => json(a.after) },
  { header: '记录编号', width: 26, value: (a) => a.id },
];

/**
 * files.audit.export (the `files` function alone bundles exceljs): the audit records that
 * org.audit.list shows for the same filter (org subtree, [from, to), action, target), newest first,
 * as one .xlsx sheet, at most AUDIT_EXPORT_MAX rows (`truncated` when the filter matched more).
 * Same roles and scope as org.audit.list (its PERMISSIONS row is the same), and its pages are
 * read through listAudit, so the two cannot disagree. Uploaded under exports/audit/<memberId>/ and
 * answered with a 10-minute URL. DB requests: caller 1 (+ org 1 with orgId) + one per started
 * 100 records (max(1, ceil(rows / 100)), at most 50); then the upload and the temp URL (storage
 * calls, not database requests).
 */
export async function auditExport(ctx: MemberCtx, input: AuditExportInput): Promise<Result<AuditExportResult>> {
  const items: AuditItem[] = [];
  let cursor: string | undefined;
  let more = true;
  while (more && items.length < AUDIT_EXPORT_MAX) {
    const page = await listAudit(ctx, { ...input, limit: Math.min(PAGE, AUDIT_EXPORT_MAX - items.length), ...(cursor ? { cursor } : {}) });
    if (!page.ok) return page;
    items.push(...page.data.items);
    cursor = page.data.nextCursor ?? undefined;
    more = cursor !== undefined;
  }
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '红管家';
  const ws = wb.addWorksheet('审计日志');
  ws.columns = AUDIT_COLUMNS.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const a of items) ws.addRow(Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [`c${i}`, c.value(a)])));
  const stamp = dayjs(ctx.clock.now()).tz(CHINA_TZ).format('YYYYMMDD-HHmmss');
  const fileID = await uploadFile(`exports/audit/${ctx.actor.memberId}/${stamp}-${ctx.requestId.slice(0, 8)}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
  const urls = await tempFileUrls([fileID], 600);
  return ok({ url: urls.get(fileID) ?? '', fileID, rows: items.length, truncated: more });
}
