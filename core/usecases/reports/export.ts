import dayjs from 'dayjs';
import { ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { ReportsExportInput, ReportsExportResult } from '../../contracts/reports';
import { db } from '../../db/db';
import { uploadFile } from '../../db/storage';
import { tempFileUrls } from '../../db/temp-url';
import { kindOf, periodLabel, previousKey } from '../../domain/reports/periods';
import { EXCLUSION_CATEGORIES, snapshotId, type ExcludedRow, type OrgRow, type RankRow } from '../../domain/reports/snapshot';
import { CHINA_TZ } from '../../domain/time';
import type { MemberCtx } from '../../runtime/context';
import { loadExcel } from '../../runtime/excel';
import { targetOrg } from '../shared/authorize';
import { loadSnapshots } from './load';
import { periodOf } from './period';
import type { StarDoc } from './stars-model';

type Column<R> = { header: string; width: number; value: (r: R) => string | number };
type Sheet = { name: string; columns: Column<never>[]; rows: unknown[] };
const sheet = <R>(name: string, columns: Column<R>[], rows: R[]): Sheet => ({ name, columns: columns as Column<never>[], rows });

type MemberLine = RankRow & { previous: number | null };
type OrgLine = OrgRow & { previous: number | null };
const change = (now: number, before: number | null): string => (before === null ? '新进' : before === now ? '持平' : before > now ? `上升${before - now}位` : `下降${now - before}位`);

const MEMBERS: Column<MemberLine>[] = [
  { header: '名次', width: 8, value: (r) => r.rank },
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 24, value: (r) => r.branchName },
  { header: '评价积分', width: 10, value: (r) => r.total },
  { header: '上期名次', width: 10, value: (r) => r.previous ?? '' },
  { header: '变化', width: 12, value: (r) => change(r.rank, r.previous) },
];
const ORGS: Column<OrgLine>[] = [
  { header: '名次', width: 8, value: (r) => r.rank },
  { header: '组织', width: 26, value: (r) => r.name },
  { header: '党员数', width: 8, value: (r) => r.members },
  { header: '人均积分', width: 10, value: (r) => r.perCapita },
  { header: '参与率(%)', width: 10, value: (r) => r.participation },
  { header: '上期名次', width: 10, value: (r) => r.previous ?? '' },
  { header: '变化', width: 12, value: (r) => change(r.rank, r.previous) },
];
const STARS: Column<StarDoc & { pick: StarDoc['picks'][number] }>[] = [
  { header: '支部', width: 24, value: (r) => r.branchName },
  { header: '每月之星', width: 12, value: (r) => r.pick.name },
  { header: '评价积分', width: 10, value: (r) => r.pick.total },
  { header: '状态', width: 8, value: (r) => (r.status === 'published' ? '已发布' : '待发布') },
  { header: '改选理由', width: 30, value: (r) => (r.pick.proposed ? '' : (r.reason ?? '')) },
];
const EXCLUDED: Column<ExcludedRow>[] = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '支部', width: 24, value: (r) => r.branchName },
  { header: '类别', width: 12, value: (r) => EXCLUSION_CATEGORIES[r.category] ?? r.category },
  { header: '评价积分', width: 10, value: (r) => r.total },
];
const SUMMARY: Column<[string, string | number]>[] = [
  { header: '项目', width: 20, value: (r) => r[0] },
  { header: '数值', width: 30, value: (r) => r[1] },
];

async function writeXlsx(sheets: Sheet[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '红管家';
  for (const sh of sheets) {
    const ws = wb.addWorksheet(sh.name);
    ws.columns = sh.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for (const r of sh.rows) ws.addRow(Object.fromEntries(sh.columns.map((c, i) => [`c${i}`, c.value(r as never)])));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * files.reports.export (registered in the `files` function, which alone bundles exceljs): the
 * 通报 of an org for a period as .xlsx — 概况 (members, participation, per capita), 党员排名 with
 * the change since the previous period, 组织排名, 每月之星 (a month), 不参与排名 — from the
 * snapshots. Uploaded under exports/reports/<memberId>/, answered with a 10-minute URL.
 * Requests: 6 (caller, org; both periods' snapshots; the month's stars; upload; temp URL).
 */
export async function reportsExport(ctx: MemberCtx, input: ReportsExportInput): Promise<Result<ReportsExportResult>> {
  const org = targetOrg(ctx);
  const key = periodOf(input, ctx.clock.now());
  const prevKey = previousKey(key);
  const month = kindOf(key) === 'month' ? key.slice('month:'.length) : null;
  const [snaps, stars] = await Promise.all([
    loadSnapshots([snapshotId(key, org._id), snapshotId(prevKey, org._id)]),
    month ? db.find<StarDoc>('stars', { ancestors: org._id, month }, { limit: 1000 }) : Promise.resolve([] as StarDoc[]),
  ]);
  const snap = snaps.get(snapshotId(key, org._id));
  const prev = snaps.get(snapshotId(prevKey, org._id));
  const prevMember = new Map((prev?.top ?? []).map((r) => [r.memberId, r.rank]));
  const prevOrg = new Map((prev?.orgs ?? []).map((r) => [r.orgId, r.rank]));
  const summary: [string, string | number][] = [
    ['组织', org.name],
    ['期间', periodLabel(key)],
    ['状态', snap?.final ? '已结束（最终排名）' : '进行中（每小时更新）'],
    ['参与排名党员', snap?.figures.members ?? 0],
    ['有积分党员', snap?.figures.participants ?? 0],
    ['参与率(%)', snap?.figures.participation ?? 0],
    ['人均评价积分', snap?.figures.perCapita ?? 0],
    ['不参与排名党员', snap?.excludedCount ?? 0],
    ['上期人均评价积分', prev?.figures.perCapita ?? ''],
  ];
  const sheets = [
    sheet('概况', SUMMARY, summary),
    sheet(
      '党员排名',
      MEMBERS,
      (snap?.top ?? []).map((r) => ({ ...r, previous: prevMember.get(r.memberId) ?? null })),
    ),
    ...(snap?.orgs.length
      ? [
          sheet(
            '组织排名',
            ORGS,
            snap.orgs.filter((o) => o.type === 'branch').map((r) => ({ ...r, previous: prevOrg.get(r.orgId) ?? null })),
          ),
        ]
      : []),
    ...(month
      ? [
          sheet(
            '每月之星',
            STARS,
            stars.flatMap((s) => s.picks.map((pick) => ({ ...s, pick }))),
          ),
        ]
      : []),
    ...(snap?.excluded.length ? [sheet('不参与排名', EXCLUDED, snap.excluded)] : []),
  ];
  const stamp = dayjs(ctx.clock.now()).tz(CHINA_TZ).format('YYYYMMDD-HHmmss');
  const fileID = await uploadFile(`exports/reports/${ctx.actor.memberId}/${stamp}-${ctx.requestId.slice(0, 8)}-${org._id}-${key.replace(':', '-')}.xlsx`, await writeXlsx(sheets));
  const urls = await tempFileUrls([fileID], 600);
  return ok({ url: urls.get(fileID) ?? '', fileID });
}
