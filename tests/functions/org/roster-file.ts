import ExcelJS from 'exceljs';

/**
 * A deterministic roster spreadsheet for import tests and `npm run bench:import`: `rows` data
 * rows for the branches of a town, with exactly one problem in each of the rows listed in
 * `bad` (the expected report comes back with the file). A title row sits above the header, so
 * data starts on spreadsheet row 3.
 */
export type RosterBranch = { name: string; groups: string[] };
export type ExpectedIssue = { row: number; column: string; code: string };
export type RosterFile = { buffer: Buffer; expected: ExpectedIssue[]; good: number; rows: unknown[][] };

export const HEADER = ['姓名', '手机号', '支部', '党小组', '党员类别', '状态', '入党日期', '流动党员'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '建国华明丽英军红伟芳平刚秀兰玉梅志强海燕';

export const phoneOf = (i: number): string => `199${String(10_000_000 + i).slice(-8)}`;

function goodRow(i: number, branches: RosterBranch[]): unknown[] {
  const b = branches[i % branches.length];
  const name = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / 20) % GIVEN.length] + (i % 3 ? GIVEN[(i * 7) % GIVEN.length] : '');
  const joined = new Date(Date.UTC(1960 + (i % 60), i % 12, 1 + (i % 28)));
  return [
    name,
    i % 2 ? phoneOf(i) : Number(phoneOf(i)), // as text and as a number cell
    b.name,
    i % 5 === 4 ? '' : b.groups[i % b.groups.length],
    i % 13 === 0 ? '预备' : '正式',
    i % 17 === 0 ? '停止' : '正常',
    i % 4 === 0 ? `${joined.getUTCFullYear()}.${joined.getUTCMonth() + 1}.${joined.getUTCDate()}` : joined, // text and date cells
    i % 11 === 0 ? '是' : '否',
  ];
}

/**
 * The kinds of bad row, cycled through for the `bad` rows: [column, code, how to spoil row i].
 * `outsidePhone` is the phone of a member outside the import's org; `foreignBranch` a branch
 * outside it.
 */
function spoilers(outsidePhone: string, foreignBranch: string): [string, string, (r: unknown[], i: number) => void][] {
  return [
    ['姓名', 'REQUIRED', (r) => (r[0] = '')],
    ['姓名', 'NAME_INVALID', (r) => (r[0] = '张3')],
    ['手机号', 'PHONE_INVALID', (r) => (r[1] = '1380013800')],
    ['手机号', 'REQUIRED', (r) => (r[1] = null)],
    ['手机号', 'PHONE_DUPLICATE', (r, i) => (r[1] = phoneOf(i - 1))],
    ['支部', 'BRANCH_UNKNOWN', (r) => (r[2] = '不存在社区党支部')],
    ['党小组', 'GROUP_UNKNOWN', (r) => (r[3] = '第九党小组')],
    ['党员类别', 'PARTY_STATUS_INVALID', (r) => (r[4] = '入党积极分子')],
    ['状态', 'STATUS_INVALID', (r) => (r[5] = '退休')],
    ['入党日期', 'DATE_INVALID', (r) => (r[6] = '2001-13-01')],
    ['入党日期', 'DATE_INVALID', (r) => (r[6] = '2099-07-01')],
    ['流动党员', 'FLOW_INVALID', (r) => (r[7] = '可能')],
    ['手机号', 'PHONE_OUTSIDE_SCOPE', (r) => (r[1] = outsidePhone)],
    ['支部', 'BRANCH_UNKNOWN', (r) => (r[2] = foreignBranch)],
  ];
}

export type RosterSpec = {
  rows: number;
  /** 0-based data-row indexes to spoil (each must not be 0 and not follow another bad row). */
  bad: number[];
  branches: RosterBranch[];
  outsidePhone: string;
  foreignBranch: string;
  /** Per-row edits applied after generation (e.g. to simulate a changed roster). */
  edit?: (row: unknown[], i: number) => void;
};

/** Spreadsheet row of data row i: a title row, then the header. */
export const sheetRow = (i: number): number => i + 3;

export function rosterRows(spec: RosterSpec): { rows: unknown[][]; expected: ExpectedIssue[] } {
  const kinds = spoilers(spec.outsidePhone, spec.foreignBranch);
  const expected: ExpectedIssue[] = [];
  const rows: unknown[][] = [];
  for (let i = 0; i < spec.rows; i++) {
    const r = goodRow(i, spec.branches);
    const k = spec.bad.indexOf(i);
    if (k >= 0) {
      const [column, code, spoil] = kinds[k % kinds.length];
      spoil(r, i);
      expected.push({ row: sheetRow(i), column, code });
    }
    spec.edit?.(r, i);
    rows.push(r);
  }
  return { rows, expected };
}

export async function rosterXlsx(spec: RosterSpec): Promise<RosterFile> {
  const { rows, expected } = rosterRows(spec);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['示范县党员花名册（导入测试）']);
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(7).numFmt = 'yyyy-mm-dd';
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, expected, good: spec.rows - expected.length, rows };
}

/** The same rows as CSV text (quoted where needed), e.g. for UTF-8 with BOM or GBK variants. */
export function rosterCsv(rows: unknown[][]): string {
  const q = (v: unknown): string => {
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [HEADER, ...rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

/** 20 bad rows spread over 3,000, none first and none adjacent. */
export const BAD_ROWS_3000 = Array.from({ length: 20 }, (_, k) => 7 + k * 149);
