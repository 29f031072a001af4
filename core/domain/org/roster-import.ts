import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { MemberStatus, PartyStatus } from '../../contracts/auth';
import { IMPORT_ISSUE_MESSAGES, type ImportChange, type ImportIssue, type ImportIssueCode } from '../../contracts/org';
import { unboundOpenid, type MemberDoc, type OrgDoc } from './model';
import { chinaDate } from '../time';
import type { Cell, SheetRow } from './sheet-row';
import { placementOf, type Placement } from './transfer';
import { isArchived } from './edit';
import { dateOnly } from './view';

/**
 * Roster import, pure: header mapping, per-row validation (zod), cross-row checks, and the plan
 * (create / update / unchanged) against the members already in scope. The natural key is the
 * phone number, unique within the county (the root of the org tree): a row whose phone belongs
 * to a member in scope updates that member; a phone that belongs to a member outside the
 * import's org is refused (moving a member between towns is org.members.transfer); any other
 * phone creates a member with a deterministic id derived from county + phone.
 */

export type ColumnKey = 'name' | 'phone' | 'branch' | 'group' | 'partyStatus' | 'status' | 'joinedAt' | 'flow';

/** Canonical headers (as in the template) and the other headers people use for them. */
export const COLUMNS: Record<ColumnKey, { label: string; aliases: string[] }> = {
  name: { label: '姓名', aliases: ['姓名', '名字', '党员姓名'] },
  phone: { label: '手机号', aliases: ['手机号', '手机号码', '手机', '联系电话', '电话', '联系方式'] },
  branch: { label: '支部', aliases: ['支部', '党支部', '所在支部', '所属支部', '所在党支部', '所属党支部', '支部名称'] },
  group: { label: '党小组', aliases: ['党小组', '所在党小组', '所属党小组', '网格', '党小组网格'] },
  partyStatus: { label: '党员类别', aliases: ['党员类别', '类别', '党员类型', '人员类别'] },
  status: { label: '状态', aliases: ['状态', '党籍状态', '在册状态'] },
  joinedAt: { label: '入党日期', aliases: ['入党日期', '入党时间'] },
  flow: { label: '流动党员', aliases: ['流动党员', '是否流动党员'] },
};
const COLUMN_ORDER: ColumnKey[] = ['name', 'phone', 'branch', 'group', 'partyStatus', 'status', 'joinedAt', 'flow'];

/** Header text as compared: no spaces, no required-marks, no parenthesised notes. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s\u3000*＊:：]/g, '')
    .trim();
}

/** Org names as compared: no spaces; `strip` also drops parenthesised notes (第一党小组（1号网格）). */
const normName = (s: string): string => s.replace(/[\s\u3000]/g, '');
const stripNote = (s: string): string => normName(s).replace(/[（(][^）)]*[）)]/g, '');

export type HeaderMap = { headerRow: number; columns: Partial<Record<ColumnKey, { index: number; header: string }>> };

/** Finds the header row (within the first 10 rows) naming at least 姓名 and 手机号. */
export function findHeader(rows: readonly SheetRow[]): HeaderMap | null {
  for (const r of rows.slice(0, 10)) {
    const columns: HeaderMap['columns'] = {};
    r.cells.forEach((c, index) => {
      if (c === null) return;
      const header = String(c).trim();
      const key = COLUMN_ORDER.find((k) => COLUMNS[k].aliases.includes(normalizeHeader(header)));
      if (key && !columns[key]) columns[key] = { index, header };
    });
    if (columns.name && columns.phone) return { headerRow: r.row, columns };
  }
  return null;
}

/** A cell as text: dates as YYYY-MM-DD (exceljs reads date cells as UTC), numbers without exponent. */
export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  if (typeof c === 'number') return Number.isInteger(c) ? c.toFixed(0) : String(c);
  if (typeof c === 'boolean') return c ? '是' : '否';
  return c.replace(/\u00a0/g, ' ').trim();
}

const PHONE_RE = /^1[3-9]\d{9}$/;
/** Chinese or Latin letters, the middle dot of minority names, inner spaces; no digits or symbols. */
const NAME_RE = /^[\p{Script=Han}A-Za-z·•．.\s]+$/u;

export function normalizePhone(s: string): string {
  return s.replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}

const PARTY_STATUS_WORDS: Record<string, PartyStatus> = { 正式: 'full', 正式党员: 'full', 预备: 'probationary', 预备党员: 'probationary' };
const STATUS_WORDS: Record<string, MemberStatus> = {
  正常: 'active',
  在册: 'active',
  在籍: 'active',
  转出: 'transferred',
  已转出: 'transferred',
  停止: 'suspended',
  停止党籍: 'suspended',
  暂停: 'suspended',
  中止: 'suspended',
};
const FLOW_WORDS: Record<string, boolean> = { 是: true, 否: false, y: true, n: false, yes: true, no: false, '1': true, '0': false, '√': true, '×': false, true: true, false: false };

/**
 * A date cell as YYYY-MM-DD: 2001-07-01, 2001/7/1, 2001.7.1, 2001年7月1日, 20010701, a month
 * alone (2001-07, 2001年7月: the 1st), or an Excel serial number (an unformatted date cell).
 */
export function parseDate(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) {
    const mm = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t);
    if (mm) m = [t, mm[1], mm[2], '1'] as unknown as RegExpExecArray;
  }
  if (!m && /^\d{4,5}(\.0+)?$/.test(t)) {
    const serial = Math.floor(Number(t));
    if (serial > 60 && serial < 80000) return new Date(Date.UTC(1899, 11, 30) + serial * 86400000).toISOString().slice(0, 10);
  }
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

const FIRST_PARTY_DAY = '1921-07-01';

/** The per-row schema: messages are issue codes; `undefined` = the cell was empty (keep / default). */
function rowSchema(today: string) {
  const optional = <T>(words: Record<string, T>, code: ImportIssueCode) =>
    z.string().transform((s, ctx): T | undefined => {
      if (s === '') return undefined;
      const v = words[s.toLowerCase()] ?? words[s];
      if (v === undefined) {
        ctx.addIssue({ code: 'custom', message: code });
        return z.NEVER;
      }
      return v;
    });
  return z.object({
    name: z.string().min(1, 'REQUIRED').max(30, 'NAME_INVALID').regex(NAME_RE, 'NAME_INVALID'),
    phone: z.string().min(1, 'REQUIRED').transform(normalizePhone).pipe(z.string().regex(PHONE_RE, 'PHONE_INVALID')),
    branch: z.string().max(60, 'TEXT_TOO_LONG'),
    group: z.string().max(60, 'TEXT_TOO_LONG'),
    partyStatus: optional(PARTY_STATUS_WORDS, 'PARTY_STATUS_INVALID'),
    status: optional(STATUS_WORDS, 'STATUS_INVALID'),
    joinedAt: z.string().transform((s, ctx): string | undefined => {
      if (s === '') return undefined;
      const d = parseDate(s);
      if (!d || d < FIRST_PARTY_DAY || d > today) {
        ctx.addIssue({ code: 'custom', message: 'DATE_INVALID' });
        return z.NEVER;
      }
      return d;
    }),
    flow: optional(FLOW_WORDS, 'FLOW_INVALID'),
  });
}

/** A valid row, resolved to the org tree. `undefined` fields were left empty: keep (or default). */
export type RosterRow = {
  row: number;
  name: string;
  phone: string;
  branchId: string;
  /** undefined: no group named (keep the member's group, or none for a new member or a new branch). */
  groupId: string | undefined;
  partyStatus: PartyStatus | undefined;
  status: MemberStatus | undefined;
  /** YYYY-MM-DD */
  joinedAt: string | undefined;
  flow: boolean | undefined;
};

export type ReadResult = { dataRows: number; rows: RosterRow[]; issues: ImportIssue[] };

const issue = (row: number, column: string, code: ImportIssueCode, message?: string): ImportIssue => ({
  row,
  column,
  code,
  message: message ?? IMPORT_ISSUE_MESSAGES[code],
});

/**
 * The open orgs a name in the file means (exact name first, then without parenthesised notes),
 * and whether only archived ones carry it: an archived org is never matched (its old name may
 * live on in a new org, and nobody is placed in an archived one), but the row is told why.
 */
function byName(orgs: readonly OrgDoc[], name: string): { open: OrgDoc[]; archived: boolean } {
  const match = (pick: (o: OrgDoc) => boolean): { open: OrgDoc[]; archived: boolean } => {
    const hits = orgs.filter(pick);
    return { open: hits.filter((o) => !isArchived(o)), archived: hits.some(isArchived) };
  };
  const exact = match((o) => normName(o.name) === normName(name));
  if (exact.open.length) return exact;
  const loose = match((o) => stripNote(o.name) === stripNote(name));
  return loose.open.length ? loose : { open: [], archived: exact.archived || loose.archived };
}

/**
 * Validates every data row below the header against the org tree under `target` (`orgs` is
 * that subtree). Each bad row is reported once per bad column; the good rows come back resolved.
 */
export function readRoster(sheet: readonly SheetRow[], header: HeaderMap, target: OrgDoc, orgs: readonly OrgDoc[], now: Date): ReadResult {
  const schema = rowSchema(chinaDate(now));
  const cols = header.columns;
  const headerOf = (k: ColumnKey): string => cols[k]?.header ?? COLUMNS[k].label;
  const branches = orgs.filter((o) => o.type === 'branch');
  const groupsOf = new Map<string, OrgDoc[]>();
  for (const o of orgs) if (o.type === 'group' && o.parentId) groupsOf.set(o.parentId, [...(groupsOf.get(o.parentId) ?? []), o]);

  const issues: ImportIssue[] = [];
  const rows: RosterRow[] = [];
  const firstRowOfPhone = new Map<string, number>();
  let dataRows = 0;
  for (const r of sheet) {
    if (r.row <= header.headerRow) continue;
    dataRows++;
    const raw = Object.fromEntries(COLUMN_ORDER.map((k) => [k, cols[k] ? cellText(r.cells[cols[k]!.index]) : ''])) as Record<ColumnKey, string>;
    const parsed = schema.safeParse(raw);
    const rowIssues: ImportIssue[] = [];
    const seen = new Set<string>();
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const key = String(i.path[0]) as ColumnKey;
        if (seen.has(key)) continue;
        seen.add(key);
        const code = (i.message in IMPORT_ISSUE_MESSAGES ? i.message : 'REQUIRED') as ImportIssueCode;
        rowIssues.push(issue(r.row, headerOf(key), code));
      }
    }
    // the branch: named in the file, or the target itself when importing into a branch
    let branch: OrgDoc | undefined;
    if (!seen.has('branch')) {
      if (raw.branch === '') {
        if (target.type === 'branch') branch = target;
        else rowIssues.push(issue(r.row, headerOf('branch'), 'REQUIRED'));
      } else {
        const found = byName(branches, raw.branch);
        if (found.open.length === 1) branch = found.open[0];
        else rowIssues.push(issue(r.row, headerOf('branch'), found.open.length ? 'BRANCH_AMBIGUOUS' : found.archived ? 'BRANCH_ARCHIVED' : 'BRANCH_UNKNOWN'));
      }
    }
    let groupId: string | undefined;
    if (branch && raw.group !== '' && !seen.has('group')) {
      const found = byName(groupsOf.get(branch._id) ?? [], raw.group);
      if (found.open.length === 1) groupId = found.open[0]._id;
      else rowIssues.push(issue(r.row, headerOf('group'), found.archived && !found.open.length ? 'GROUP_ARCHIVED' : 'GROUP_UNKNOWN'));
    }
    // the same phone further up the file: this later row is the duplicate
    if (parsed.success) {
      const first = firstRowOfPhone.get(parsed.data.phone);
      if (first !== undefined) rowIssues.push(issue(r.row, headerOf('phone'), 'PHONE_DUPLICATE', `手机号与第 ${first} 行重复`));
      else firstRowOfPhone.set(parsed.data.phone, r.row);
    }
    if (rowIssues.length || !parsed.success || !branch) {
      issues.push(...rowIssues.sort((a, b) => columnRank(cols, a.column) - columnRank(cols, b.column)));
      continue;
    }
    const d = parsed.data;
    rows.push({
      row: r.row,
      name: d.name.replace(/\s+/g, ' '),
      phone: d.phone,
      branchId: branch._id,
      groupId,
      partyStatus: d.partyStatus,
      status: d.status,
      joinedAt: d.joinedAt,
      flow: d.flow,
    });
  }
  return { dataRows, rows, issues };
}

function columnRank(cols: HeaderMap['columns'], header: string): number {
  const k = COLUMN_ORDER.find((key) => (cols[key]?.header ?? COLUMNS[key].label) === header);
  return k ? COLUMN_ORDER.indexOf(k) : COLUMN_ORDER.length;
}

/** Deterministic member id for a phone within a county: a re-run or a concurrent import creates the same id. */
export function importedMemberId(rootId: string, phone: string): string {
  return 'mi' + createHash('sha256').update(`${rootId}:${phone}`).digest('hex').slice(0, 22);
}

type Editable = Pick<MemberDoc, 'name' | 'branchId' | 'groupId' | 'ancestors' | 'partyStatus' | 'status' | 'joinedAt' | 'flow'>;
export type MemberPatch = Partial<Editable>;
/**
 * `move`: the row changes the member's place (branch, group, hence ancestors). A move is
 * written with the member's balance and pending claims in one transaction (core/domain/org/transfer.ts).
 */
export type PlannedUpdate = { row: number; memberId: string; name: string; patch: MemberPatch; before: MemberPatch; fields: string[]; move: { from: Placement; to: Placement } | null };
export type ImportPlan = { creates: (MemberDoc & { row: number })[]; updates: PlannedUpdate[]; unchanged: number; issues: ImportIssue[] };

const FIELD_LABELS: Record<keyof Editable, string> = {
  name: '姓名',
  branchId: '支部',
  groupId: '党小组',
  ancestors: '组织路径',
  partyStatus: '党员类别',
  status: '状态',
  joinedAt: '入党日期',
  flow: '流动党员',
};

const utcDate = (ymd: string): Date => new Date(`${ymd}T00:00:00.000Z`);
const sameArray = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Decides what each valid row does: `existing` are the members already under the import's org
 * (by phone), `outside` the phones of members elsewhere in the county.
 */
export function planImport(
  rows: readonly RosterRow[],
  existing: ReadonlyMap<string, MemberDoc>,
  outside: ReadonlySet<string>,
  orgs: readonly OrgDoc[],
  rootId: string,
  now: Date,
  phoneHeader = COLUMNS.phone.label,
): ImportPlan {
  const byId = new Map(orgs.map((o) => [o._id, o]));
  const plan: ImportPlan = { creates: [], updates: [], unchanged: 0, issues: [] };
  for (const r of rows) {
    const cur = existing.get(r.phone);
    if (!cur) {
      if (outside.has(r.phone)) {
        plan.issues.push(issue(r.row, phoneHeader, 'PHONE_OUTSIDE_SCOPE'));
        continue;
      }
      const holder = byId.get(r.groupId ?? '') ?? byId.get(r.branchId)!;
      const id = importedMemberId(rootId, r.phone);
      plan.creates.push({
        row: r.row,
        _id: id,
        openid: unboundOpenid(id),
        name: r.name,
        phone: r.phone,
        branchId: r.branchId,
        groupId: r.groupId ?? null,
        ancestors: [...holder.ancestors],
        partyStatus: r.partyStatus ?? 'full',
        status: r.status ?? 'active',
        joinedAt: r.joinedAt ? utcDate(r.joinedAt) : null,
        flow: r.flow ?? false,
        roles: [],
        boundAt: null,
        createdAt: now,
        updatedAt: now,
      });
      continue;
    }
    const branchChanged = cur.branchId !== r.branchId;
    const groupId = r.groupId ?? (branchChanged ? null : cur.groupId);
    const holder = byId.get(groupId ?? '') ?? byId.get(r.branchId)!;
    const want: Editable = {
      name: r.name,
      branchId: r.branchId,
      groupId,
      ancestors: [...holder.ancestors],
      partyStatus: r.partyStatus ?? cur.partyStatus,
      status: r.status ?? cur.status,
      joinedAt: r.joinedAt !== undefined ? utcDate(r.joinedAt) : cur.joinedAt,
      flow: r.flow ?? cur.flow,
    };
    const patch: MemberPatch = {};
    const before: MemberPatch = {};
    const fields: string[] = [];
    const put = <K extends keyof Editable>(k: K, changed: boolean): void => {
      if (!changed) return;
      (patch as Record<string, unknown>)[k] = want[k];
      (before as Record<string, unknown>)[k] = cur[k];
      fields.push(FIELD_LABELS[k]);
    };
    put('name', want.name !== cur.name);
    put('branchId', want.branchId !== cur.branchId);
    put('groupId', want.groupId !== (cur.groupId ?? null));
    put('ancestors', !sameArray(want.ancestors, cur.ancestors));
    put('partyStatus', want.partyStatus !== cur.partyStatus);
    put('status', want.status !== cur.status);
    put('joinedAt', dateOnly(want.joinedAt) !== dateOnly(cur.joinedAt));
    put('flow', want.flow !== cur.flow);
    const move = patch.ancestors ? { from: placementOf(cur), to: { branchId: want.branchId, groupId: want.groupId, ancestors: want.ancestors } } : null;
    if (fields.length) plan.updates.push({ row: r.row, memberId: cur._id, name: r.name, patch, before, fields, move });
    else plan.unchanged++;
  }
  return plan;
}

/** The first `max` changes, for the dry-run preview. */
export function previewOf(plan: ImportPlan, max = 50): ImportChange[] {
  const all: ImportChange[] = [
    ...plan.creates.map((c) => ({ row: c.row, kind: 'create' as const, memberId: c._id, name: c.name, fields: [] as string[] })),
    ...plan.updates.map((u) => ({ row: u.row, kind: 'update' as const, memberId: u.memberId, name: u.name, fields: u.fields })),
  ];
  return all.sort((a, b) => a.row - b.row).slice(0, max);
}
