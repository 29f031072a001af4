/**
 * npm run bench:import — a 3,000-row roster (.xlsx, 20 bad rows) uploaded through wx-server-sdk
 * to an in-memory local cloud seeded with the demo county, then imported by the town admin
 * through the real `files` function (roster.import): dry run, commit, and the same file again.
 * Last line: `bench:import rows=… bad=… rows/s=… dbRequestsPerRow=… reimportChanged=…`
 * (rows/s and requests of the commit; it must stay well inside the function's 60 s limit).
 */
import type { ImportResult } from '../../core/contracts/org';
import type { Result } from '../../core/contracts/envelope';
import { collectionSpecs } from '../../core/db/schema';
import { uploadFile } from '../../core/db/storage';
import type { MemberDoc, OrgDoc } from '../../core/domain/org/model';
import { files } from '../../core/functions/files';
import { LocalCloud } from '../../emulator/local-cloud';
import { BAD_ROWS_3000, rosterXlsx } from '../../tests/functions/org/roster-file';
import { seedIfEmpty } from '../seed/load';

const ROWS = 3000;

async function main(): Promise<void> {
  process.env.LOG_SILENT = '1';
  const cloud = LocalCloud.start({ collections: collectionSpecs() });
  await seedIfEmpty(cloud.store);
  const orgs = cloud.store.find('orgs', { ancestors: 't1' }, { limit: 1000 }) as unknown as OrgDoc[];
  const branches = orgs
    .filter((o) => o.type === 'branch')
    .sort((a, b) => a._id.localeCompare(b._id))
    .map((b) => ({ name: b.name, groups: orgs.filter((g) => g.parentId === b._id).map((g) => g.name) }));
  const [outside] = cloud.store.find('members', { branchId: 'b05' }, { limit: 1 }) as unknown as MemberDoc[];
  const file = await rosterXlsx({ rows: ROWS, bad: BAD_ROWS_3000, branches, outsidePhone: outside.phone, foreignBranch: '博学路社区党支部' });
  // under the importing admin's own folder, as the mini-program uploads it (the import reads only those)
  const [admin] = cloud.store.find('members', { openid: 'demo-admin-t1' }, { limit: 1 }) as unknown as MemberDoc[];
  const fileID = await uploadFile(`imports/${admin._id}/bench-roster.xlsx`, file.buffer);
  console.log(`file: ${ROWS} rows, ${file.expected.length} bad, ${(file.buffer.length / 1024).toFixed(0)} KB xlsx -> ${fileID}`);

  const fn = files();
  const run = async (label: string, dryRun: boolean) => {
    const t0 = process.hrtime.bigint();
    const inv = await cloud.invoke<Result<ImportResult>>(fn as never, { action: 'roster.import', fileID, dryRun }, { openid: 'demo-admin-t1' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!inv.result.ok) throw new Error(`${label}: ${inv.result.code} ${inv.result.message}`);
    const r = inv.result.data;
    console.log(`${label}: ${ms.toFixed(0)} ms, ${inv.dbRequests} db requests; valid ${r.valid}, invalid ${r.invalid}, created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}`);
    return { r, ms, requests: inv.dbRequests };
  };
  const dry = await run('dry run ', true);
  const commit = await run('commit  ', false);
  const again = await run('reimport', false);

  const problems: string[] = [];
  const got = dry.r.issues.map((i) => `${i.row}:${i.column}:${i.code}`).join(',');
  const want = file.expected.map((i) => `${i.row}:${i.column}:${i.code}`).join(',');
  if (got !== want) problems.push('the dry run did not report exactly the bad rows');
  if (commit.r.created !== ROWS - file.expected.length) problems.push(`commit created ${commit.r.created}`);
  if (cloud.store.count('members', { phone: { $regex: '^199' } }) !== ROWS - file.expected.length) problems.push('the store does not hold the good rows');
  const reimportChanged = again.r.created + again.r.updated;
  if (reimportChanged !== 0) problems.push('the re-import changed members');
  await cloud.close();
  for (const p of problems) console.error(`FAIL: ${p}`);

  const rowsPerSecond = Math.round(ROWS / (commit.ms / 1000));
  const perRow = (commit.requests / ROWS).toFixed(4);
  console.log(`bench:import rows=${ROWS} bad=${file.expected.length} rows/s=${rowsPerSecond} dbRequestsPerRow=${perRow} reimportChanged=${reimportChanged}`);
  if (problems.length) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
