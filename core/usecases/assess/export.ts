import dayjs from 'dayjs';
import { fail, ok } from '../../contracts/app-error';
import type { AssessmentExportInput } from '../../contracts/assess';
import type { Result } from '../../contracts/envelope';
import { db } from '../../db/db';
import { uploadFile } from '../../db/storage';
import { tempFileUrls } from '../../db/temp-url';
import { MEMBER_METRIC_LABELS } from '../../domain/assess/config';
import type { CycleDoc, ResultDoc } from '../../domain/assess/model';
import { CHINA_TZ } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { loadExcel } from '../../runtime/excel';
import { authorize } from '../shared/authorize';
import { gradeName } from './views';

type Column = { header: string; width: number; value: (r: ResultDoc) => string | number };
const MOVES: Record<string, string> = { up: '上升', down: '下降', same: '持平', new: '首次' };
const items = (r: ResultDoc): string => r.items.map((i) => `${MEMBER_METRIC_LABELS[i.metric]} ${i.value}/${i.target}（${i.score}分）`).join('；');

const MEMBER_COLUMNS: Column[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 14, value: (r) => r.branchId },
  { header: '类别', width: 10, value: (r) => r.category ?? '' },
  { header: '得分', width: 8, value: (r) => r.score },
  { header: '等次', width: 8, value: (r) => gradeName(r.grade) },
  { header: '补贴系数', width: 10, value: (r) => r.allowance ?? '' },
  { header: '版本', width: 6, value: (r) => r.version },
  { header: '考核项目', width: 60, value: items },
];
const ORG_COLUMNS: Column[] = [
  { header: '党组织', width: 24, value: (r) => r.name },
  { header: '基础分', width: 8, value: (r) => r.parts?.base ?? 0 },
  { header: '先锋分', width: 8, value: (r) => r.parts?.pioneer ?? 0 },
  { header: '加减分', width: 8, value: (r) => r.parts?.bonus ?? 0 },
  { header: '评议分', width: 8, value: (r) => r.parts?.review ?? 0 },
  { header: '总分', width: 8, value: (r) => r.score },
  { header: '等次', width: 8, value: (r) => gradeName(r.grade) },
  { header: '上季度', width: 8, value: (r) => (r.previousGrade ? gradeName(r.previousGrade) : '') },
  { header: '变化', width: 8, value: (r) => MOVES[r.movement ?? 'new'] },
  { header: '版本', width: 6, value: (r) => r.version },
];
const HISTORY_COLUMNS: Column[] = [
  { header: '对象', width: 16, value: (r) => r.name },
  { header: '类型', width: 8, value: (r) => (r.kind === 'org' ? '党组织' : '党员') },
  { header: '版本', width: 6, value: (r) => r.version },
  { header: '得分', width: 8, value: (r) => r.score },
  { header: '等次', width: 8, value: (r) => gradeName(r.grade) },
  { header: '当前版本', width: 8, value: (r) => (r.current ? '是' : '否（已被申诉更正）') },
];

/**
 * files.assessment.export (registered in the `files` function, which alone bundles exceljs): a
 * published (or final) cycle as .xlsx with the figures the pages show: 党员考核 (current versions),
 * 党组织积分 (four parts, grade, move since last quarter) and 历史版本 (every version, the
 * superseded ones kept). Requests: caller, cycle, results (1 per 1,000), upload, temp URL.
 */
export async function assessmentExport(ctx: MemberCtx, input: AssessmentExportInput): Promise<Result<{ url: string; fileID: string; members: number; orgs: number }>> {
  const c = await db.get<CycleDoc>('assessCycles', input.cycleId);
  if (!c) return fail('NOT_FOUND');
  const auth = authorize(ctx, c.ancestors);
  if (!auth.ok) return auth;
  if (c.status !== 'published' && c.status !== 'final') return fail('CYCLE_STATE', '考核结果发布后才能导出');
  const all = await db.findAll<ResultDoc>('assessResults', { cycleId: c._id });
  const order = (a: ResultDoc, b: ResultDoc): number => a.branchId.localeCompare(b.branchId) || b.score - a.score || a.subjectId.localeCompare(b.subjectId) || a.version - b.version;
  const members = all.filter((r) => r.kind === 'member' && r.current).sort(order);
  const orgs = all.filter((r) => r.kind === 'org' && r.current).sort((a, b) => b.score - a.score || a.subjectId.localeCompare(b.subjectId));
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '红管家';
  for (const [name, cols, rows] of [
    ['党员考核', MEMBER_COLUMNS, members],
    ['党组织积分', ORG_COLUMNS, orgs],
    ['历史版本', HISTORY_COLUMNS, [...all].sort(order)],
  ] as const) {
    const ws = wb.addWorksheet(name);
    ws.columns = cols.map((col, i) => ({ header: col.header, key: `c${i}`, width: col.width }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(Object.fromEntries(cols.map((col, i) => [`c${i}`, col.value(r)])));
  }
  const stamp = dayjs(ctx.clock.now()).tz(CHINA_TZ).format('YYYYMMDD-HHmmss');
  const fileID = await uploadFile(`exports/assessment/${ctx.actor.memberId}/${stamp}-${c._id.replace(/[^A-Za-z0-9-]/g, '_')}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
  const urls = await tempFileUrls([fileID], 600);
  return ok({ url: urls.get(fileID) ?? '', fileID, members: members.length, orgs: orgs.length });
}
