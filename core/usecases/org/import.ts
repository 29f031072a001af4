import { fail, ok } from '../../contracts/app-error';
import type { Fail, Result } from '../../contracts/envelope';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_REPORTED_ISSUES, type ImportInput, type ImportIssue, type ImportResult } from '../../contracts/org';
import { cmd, db, DuplicateKeyError } from '../../db/db';
import { isDuplicateKey } from '../../db/errors';
import { downloadFile } from '../../db/storage';
import type { MemberDoc, OrgDoc } from '../../domain/org/model';
import { isArchived } from '../../domain/org/edit';
import { findHeader, planImport, previewOf, readRoster, type ImportPlan, type MemberPatch } from '../../domain/org/roster-import';
import { readSheet, sheetKindOf, type SheetRow } from '../../runtime/sheet';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { openBalances, runMoves } from './move-member';
import { grantOn, scopeOf } from '../shared/authorize';
import { uploadedBy } from '../../domain/uploads';

/** Inserts per request (CloudBase takes an array in one add). */
const INSERT_CHUNK = 100;
/** Ids / phones per `_.in` query. */
const IN_CHUNK = 500;
/** Moves start only this long after the import began (the function stops at 60 s; see runMoves). */
const MOVES_BUDGET_MS = 40_000;
/** Member changes kept in the audit record (the counts are always complete). */
const AUDITED_CHANGES = 200;

/**
 * org.members.import: validates an uploaded roster (.xlsx / .csv) against the org tree under the
 * target org and reports every bad row (row, column, code, zh-CN message); with `dryRun: false`
 * it also writes the good rows: new members inserted in batches, changed ones updated (equal
 * patches in one request), unchanged ones untouched, so importing the same file again changes
 * nothing. One audit record per committed import, written before the batch writes.
 *
 * Requests for N rows: the target org, the orgs under it, the members under it (1 per 1,000),
 * the phones not found there (1 per 500, to refuse phones of members elsewhere), then per commit
 * the audit record, 2 per 100 new members (members, their balances) and 1 per distinct change;
 * a member moved to another branch or group is its own transaction with the member's balance
 * and pending claims (about 7 requests, see moveMember), 8 at a time within the time budget.
 */
export async function importMembers(ctx: MemberCtx, input: ImportInput): Promise<Result<ImportResult>> {
  const started = Date.now();
  const chosen = ctx.target.org ?? (await defaultTarget(ctx));
  if ('ok' in chosen) return chosen;
  const target = chosen;
  const grant = grantOn(ctx, target.ancestors);
  if (!grant) return fail('FORBIDDEN');
  if (target.type === 'group') return fail('INVALID_INPUT', '请导入到支部或以上的组织', 'orgId');
  if (isArchived(target)) return fail('ORG_ARCHIVED', '该组织已撤销，不能再导入党员', 'orgId');

  if (!uploadedBy(input.fileID, 'imports', ctx.actor.memberId)) return fail('INVALID_INPUT', '只能导入本人上传的花名册文件，请重新选择文件上传', 'fileID');
  const loaded = await loadSheet(input.fileID);
  if (!loaded.ok) return loaded;
  const sheet = loaded.rows;
  const header = findHeader(sheet);
  if (!header) return fail('IMPORT_FILE_INVALID', '没有找到表头：需要“姓名”“手机号”两列');
  if (target.type !== 'branch' && !header.columns.branch) return fail('IMPORT_FILE_INVALID', '缺少“支部”列：导入到街道或县级组织时，每行需写明所在支部');

  const now = ctx.clock.now();
  const [orgs, inScope] = await Promise.all([db.findAll<OrgDoc>('orgs', { ancestors: target._id }), db.findAll<MemberDoc>('members', { ancestors: target._id })]);
  const read = readRoster(sheet, header, target, orgs, now);
  if (read.dataRows > MAX_IMPORT_ROWS) return fail('IMPORT_TOO_LARGE');
  const existing = new Map(inScope.map((m) => [m.phone, m]));
  const outside = await phonesTaken(read.rows.map((r) => r.phone).filter((p) => !existing.has(p)));
  const plan = planImport(read.rows, existing, outside, orgs, target.ancestors[0], now, header.columns.phone!.header);

  const issues: ImportIssue[] = [...read.issues, ...plan.issues].sort((a, b) => a.row - b.row);
  const badRows = new Set(issues.map((i) => i.row)).size;
  const result: ImportResult = {
    dryRun: input.dryRun,
    orgId: target._id,
    rows: read.dataRows,
    valid: read.dataRows - badRows,
    invalid: badRows,
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged,
    issues: issues.slice(0, MAX_REPORTED_ISSUES),
    issuesTotal: issues.length,
    preview: previewOf(plan),
  };
  if (input.dryRun || (!plan.creates.length && !plan.updates.length)) return ok(result);

  await writeAudit(ctx, {
    role: grant.role,
    action: 'org.members.import',
    targetType: 'org',
    targetId: target._id,
    ancestors: target.ancestors,
    before: { members: inScope.length, updates: plan.updates.slice(0, AUDITED_CHANGES).map((u) => ({ memberId: u.memberId, ...u.before })) },
    after: {
      members: inScope.length + plan.creates.length,
      fileID: input.fileID,
      rows: result.rows,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      invalid: result.invalid,
      createdIds: plan.creates.slice(0, AUDITED_CHANGES).map((c) => c._id),
      updates: plan.updates.slice(0, AUDITED_CHANGES).map((u) => ({ memberId: u.memberId, ...u.patch })),
    },
  });
  const { pending } = await applyPlan(plan, now, started + MOVES_BUDGET_MS);
  return ok({ ...result, movesPending: pending });
}

/** Without `orgId`: the one org the caller administers (several: the caller must choose). */
async function defaultTarget(ctx: MemberCtx): Promise<OrgDoc | Fail> {
  const roots = scopeOf(ctx);
  if (roots.length !== 1) return fail('INVALID_INPUT', '请选择要导入到哪个组织', 'orgId');
  return (await db.get<OrgDoc>('orgs', roots[0])) ?? fail('NOT_FOUND', '组织不存在', 'orgId');
}

/** The uploaded file's rows, or the refusal to answer with. */
async function loadSheet(fileID: string): Promise<{ ok: true; rows: SheetRow[] } | Fail> {
  const kind = sheetKindOf(fileID);
  if (!kind) return fail('IMPORT_FILE_INVALID');
  const buf = await downloadFile(fileID);
  if (!buf) return fail('IMPORT_FILE_INVALID', '找不到上传的文件，请重新选择文件上传');
  if (buf.length > MAX_IMPORT_BYTES) return fail('IMPORT_TOO_LARGE');
  // header and a few blank rows on top of the limit
  const read = await readSheet(buf, kind, MAX_IMPORT_ROWS + 20);
  if (read.ok) return read;
  return fail(read.reason === 'tooLarge' ? 'IMPORT_TOO_LARGE' : 'IMPORT_FILE_INVALID');
}

/** Which of these phones already belong to some member (they are not under the target org). */
async function phonesTaken(phones: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < phones.length; i += IN_CHUNK) {
    const found = await db.find<MemberDoc>('members', { phone: cmd().in(phones.slice(i, i + IN_CHUNK)) }, { limit: 1000, fields: { phone: true } });
    for (const m of found) out.add(m.phone);
  }
  return out;
}

/**
 * Writes a plan: batched inserts with their empty balances (a clash with a concurrent import of
 * the same rows is skipped), grouped updates, then the moves, each with the member's balance and
 * pending claims in one transaction (runMoves), until the time budget: `pending` moves are left
 * for a re-run of the same import.
 */
async function applyPlan(plan: ImportPlan, now: Date, deadline: number): Promise<{ pending: number }> {
  for (let i = 0; i < plan.creates.length; i += INSERT_CHUNK) {
    const docs = plan.creates.slice(i, i + INSERT_CHUNK).map(({ row: _row, ...doc }) => doc as MemberDoc & Record<string, unknown>);
    try {
      await db.addMany('members', docs);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      for (const d of docs) {
        try {
          await db.add('members', d);
        } catch (x) {
          if (!(x instanceof DuplicateKeyError)) throw x;
        }
      }
    }
    await openBalances(docs);
  }
  const groups = new Map<string, { patch: MemberPatch; ids: string[] }>();
  for (const u of plan.updates.filter((x) => !x.move)) {
    const key = JSON.stringify(u.patch);
    const g = groups.get(key) ?? { patch: u.patch, ids: [] };
    g.ids.push(u.memberId);
    groups.set(key, g);
  }
  for (const { patch, ids } of groups.values()) {
    const data: Record<string, unknown> = { updatedAt: now };
    for (const [k, v] of Object.entries(patch)) data[k] = Array.isArray(v) ? cmd().set(v) : v;
    if (ids.length === 1) await db.update('members', ids[0], data);
    else for (let i = 0; i < ids.length; i += IN_CHUNK) await db.updateWhere('members', { _id: cmd().in(ids.slice(i, i + IN_CHUNK)) }, data);
  }
  const moves = plan.updates.flatMap((u) => {
    if (!u.move) return [];
    const { branchId: _b, groupId: _g, ancestors: _a, ...rest } = u.patch;
    return [{ memberId: u.memberId, ...u.move, patch: rest as Record<string, unknown> }];
  });
  return moves.length ? runMoves(moves, now, deadline) : { pending: 0 };
}
