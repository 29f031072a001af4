import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CycleView, OrgScoreResult, ResultView, RoundResult } from '../../../core/contracts/assess';
import type { OrgLedgerAudit } from '../../../core/domain/assess/org-ledger';
import type { MemberDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { assess } from '../../../core/functions/assess';
import { files } from '../../../core/functions/files';
import { fixedClock } from '../../../core/runtime/clock';
import { loadExcel } from '../../../core/runtime/excel';
import { postOnce } from '../../../core/usecases/points/post-entry';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, fireTimer, startTestCloud, type Call } from '../../support/cloud';
import { bindAs, draft, photo, rule } from '../../support/ledger';

// The assessment area end to end on the demo county, with a quarter (2026-Q2) no demo seed
// touches: branch b05 (town t2) gets its quarter's data below, so every figure is known.
const Q = '2026-Q2';
const clock = fixedClock(chinaTime('2026-07-06 10:00:00'));
const log = { error: () => undefined, info: () => undefined };
let cloud: LocalCloud;
let call: Call;
let callFiles: Call;
let b05: MemberDoc[];
const ADMIN_T2 = 'demo-admin-t2';
const COUNTY = 'demo-admin-county';
const SEC_B05 = 'demo-secretary-b05';
const ev = (id: string, type: string, day: string, status = 'closed') => ({
  _id: id,
  type,
  title: id,
  orgId: 'b05',
  orgName: 'b05',
  ancestors: ['county', 't2', 'b05'],
  scopeOrgId: 'b05',
  startAt: chinaTime(`${day} 09:00:00`),
  endAt: chinaTime(`${day} 11:00:00`),
  status,
});
const checkin = (m: MemberDoc, eventId: string, day: string) =>
  postOnce(draft(m, rule(cloud, 'MEETING'), { key: `chk:${eventId}:${m._id}`, source: { type: 'checkin', id: eventId }, units: 0, eval: 5, redeem: 0, at: chinaTime(`${day} 09:30:00`) }));

beforeAll(async () => {
  process.env.ASSESS_ACTION_BUDGET_MS = '20000';
  cloud = await startTestCloud();
  call = caller(cloud, assess({ clock, log }));
  callFiles = caller(cloud, files({ clock, log }));
  b05 = (cloud.store.find('members', { branchId: 'b05', roles: { $size: 0 } }, { limit: 100 }) as unknown as MemberDoc[]).sort((a, b) => a._id.localeCompare(b._id));
  for (const m of b05.slice(0, 6)) await bindAs(cloud, m._id);
  // b05's quarter: 3 meetings (+1 cancelled), 1 themed day, dedication days in April and May, a service log in June
  await cloud.store.insert('events', [
    ev('EVM1', 'meeting', '2026-04-10'),
    ev('EVM2', 'meeting', '2026-05-10'),
    ev('EVM3', 'meeting', '2026-06-10'),
    ev('EVMX', 'meeting', '2026-06-20', 'cancelled'),
    ev('EVT1', 'themeDay', '2026-05-01'),
    ev('EVD1', 'dedication', '2026-04-05'),
    ev('EVD2', 'dedication', '2026-05-05'),
  ]).durable;
  const [a, b, c] = b05;
  for (const [e, d] of [
    ['EVM1', '2026-04-10'],
    ['EVM2', '2026-05-10'],
    ['EVM3', '2026-06-10'],
  ])
    expectOk(await checkin(a, e, d));
  expectOk(await checkin(a, 'EVD1', '2026-04-05'));
  expectOk(await checkin(b, 'EVD2', '2026-05-05'));
  await cloud.store.insert('dedicationLogs', [
    {
      _id: 'dlq2c',
      memberId: c._id,
      memberName: c.name,
      branchId: 'b05',
      ancestors: c.ancestors,
      date: '2026-06-05',
      month: '2026-06',
      place: '社区',
      content: '义诊',
      hours: 2,
      photos: [],
      claimId: 'cq2c',
      fingerprint: 'x',
      createdAt: chinaTime('2026-06-05 12:00:00'),
    },
  ]).durable;
  // claims: one decided in 2 days (on time), one in 10 (late)
  const claim = (id: string, created: string, decided: string) => ({
    _id: id,
    memberId: a._id,
    memberName: a.name,
    branchId: 'b05',
    ancestors: a.ancestors,
    status: 'approved',
    createdAt: chinaTime(created),
    decidedAt: chinaTime(decided),
  });
  await cloud.store.insert('claims', [claim('cq2on', '2026-04-01 10:00:00', '2026-04-03 10:00:00'), claim('cq2late', '2026-05-01 10:00:00', '2026-05-11 10:00:00')]).durable;
});
afterAll(() => cloud.close());

const openid = (m: MemberDoc): string => `t-${m._id}`;
const allFours = { leadership: 4, membership: 4, venues: 4, systems: 4, results: 4 };
const allFives = { leadership: 5, membership: 5, venues: 5, systems: 5, results: 5 };
const allThrees = { leadership: 3, membership: 3, venues: 3, systems: 3, results: 3 };
let roundId = '';
let invite = '';

describe('org ledger: confirmed items, 加减分, county-only recognitions', () => {
  it('posts a confirmed item with evidence once per request, refuses one without evidence, and leaves 示范点 to the county', async () => {
    const post = (who: string, ruleCode: string, extra: Record<string, unknown>) =>
      call(who, { action: 'org.post', orgId: 'b05', ruleCode, quarter: Q, requestId: `req-${ruleCode}-${who}`.replace(/[^A-Za-z0-9_-]/g, '-'), ...extra });
    const team = expectOk(await post(ADMIN_T2, 'ORG_TEAM_SOUND', { evidence: [photo('team', 'x')] })) as { entry: { amount: number }; duplicate: boolean };
    expect(team.entry.amount).toBe(3);
    expect((expectOk(await post(ADMIN_T2, 'ORG_TEAM_SOUND', { evidence: [photo('team', 'x')] })) as { duplicate: boolean }).duplicate).toBe(true);
    const bare = await post(ADMIN_T2, 'ORG_RECRUITMENT', {});
    expect(bare).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'evidence' });
    expect(await post(ADMIN_T2, 'ORG_CRITICISM', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'documentRef' });
    expect(expectOk(await post(ADMIN_T2, 'ORG_CRITICISM', { documentRef: '示范组〔2026〕12号' }))).toMatchObject({ entry: { amount: -5, documentRef: '示范组〔2026〕12号' } });
    expect(await post(ADMIN_T2, 'ORG_MODEL_SITE', { evidence: [photo('site', 'x')] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(expectOk(await post(COUNTY, 'ORG_MODEL_SITE', { evidence: [photo('site', 'x')] }))).toMatchObject({ entry: { amount: 5, category: 'pioneer' } });
    expect(await post(ADMIN_T2, 'ORG_MEETINGS', { evidence: [photo('m', 'x')] })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'ruleCode' });
    expect(await post(SEC_B05, 'ORG_TEAM_SOUND', { evidence: [photo('team', 'y')] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('评议 rounds', () => {
  it('opens a round for two branches with an invite code each', async () => {
    const r = expectOk(
      await call<{ round: { id: string }; invites: { orgId: string; codes: string[] }[] }>(COUNTY, {
        action: 'rounds.open',
        scopeOrgId: 'county',
        title: '2026年二季度民主评议',
        quarter: Q,
        orgIds: ['b05', 'b06'],
        invitesPerOrg: 1,
        requestId: 'round-q2-0001',
      }),
    );
    roundId = r.round.id;
    invite = r.invites.find((i) => i.orgId === 'b05')!.codes[0];
    expect(r.invites.map((i) => i.codes.length)).toEqual([1, 1]);
  });

  it('counts one ballot per voter, changeable before close, with no voter in it, and shows tallies only after close', async () => {
    const [a, b] = b05;
    expectOk(await call(openid(a), { action: 'rounds.vote', roundId, scores: allFours }));
    expectOk(await call(openid(a), { action: 'rounds.vote', roundId, scores: allFives })); // changed
    expectOk(await call(openid(b), { action: 'rounds.vote', roundId, scores: allThrees }));
    expectOk(await call('rep-openid-1', { action: 'rounds.voteByInvite', roundId, inviteCode: invite, scores: allFours }));
    expect(await call('rep-openid-2', { action: 'rounds.voteByInvite', roundId, inviteCode: 'WRONG123', scores: allFours })).toMatchObject({ ok: false, code: 'INVITE_INVALID' });
    // a member of another branch is not a voter of this round
    const other = cloud.store.find('members', { branchId: 'b01', roles: { $size: 0 } }, { limit: 1 })[0] as unknown as MemberDoc;
    await bindAs(cloud, other._id);
    expect(await call(openid(other), { action: 'rounds.vote', roundId, scores: allFours })).toMatchObject({ ok: false, code: 'NOT_A_VOTER' });

    // stored: three ballots, each holding only the round, the org and the scores (no voter, no time)
    const ballots = cloud.store.find('ballots', { roundId }, { limit: 100 });
    expect(ballots).toHaveLength(3);
    for (const bal of ballots) {
      expect(Object.keys(bal).sort()).toEqual(['_id', 'orgId', 'roundId', 'scores']);
      expect(JSON.stringify(bal)).not.toContain(a._id);
      expect(JSON.stringify(bal)).not.toContain(b._id);
    }
    // before close: no tallies for anyone, admins included
    expect(expectOk(await call<RoundResult>(COUNTY, { action: 'rounds.result', roundId }))).toMatchObject({ status: 'open', tallies: null, ballots: null });
    // nothing the member can call returns their scores
    const listed = expectOk(await call<{ rounds: Record<string, unknown>[] }>(openid(a), { action: 'rounds.list' }));
    expect(listed.rounds[0]).toMatchObject({ id: roundId, voted: true });
    expect(JSON.stringify(listed)).not.toContain('"scores"');

    const closed = expectOk(await call<RoundResult>(COUNTY, { action: 'rounds.close', roundId }));
    const t = closed.tallies!.find((x) => x.orgId === 'b05')!;
    expect(t.ballots).toBe(3);
    expect(t.means.leadership).toBe(4); // (5 + 3 + 4) / 3: the first ballot of a was replaced, not added
    const members = cloud.store.count('members', { branchId: 'b05', status: 'active' });
    expect(t.eligible).toBe(members + 1);
    expect(t.participation).toBe(Math.round((3 / (members + 1)) * 100) / 100);
    // the secret is gone: nothing can recompute which ballot is whose
    expect((cloud.store.getById('rounds', roundId) as unknown as { secret: unknown }).secret).toBeNull();
    expect(await call(openid(a), { action: 'rounds.vote', roundId, scores: allThrees })).toMatchObject({ ok: false, code: 'ROUND_CLOSED' });
    // a secretary sees only their own branch's tally
    const own = expectOk(await call<RoundResult>(SEC_B05, { action: 'rounds.result', roundId }));
    expect(own.tallies!.map((x) => x.orgId)).toEqual(['b05']);
  });
});

let cycleId = '';
describe('quarterly assessment', () => {
  it('computes in chunks: a call with no budget leaves the cursor, the timer finishes it', async () => {
    process.env.ASSESS_ACTION_BUDGET_MS = '0';
    const started = expectOk(await call<CycleView>(ADMIN_T2, { action: 'cycles.compute', townId: 't2', quarter: Q }));
    cycleId = started.id;
    expect(started).toMatchObject({ status: 'computing', branchesDone: 0, branches: 4 });
    process.env.ASSESS_ACTION_BUDGET_MS = '20000';
    expectOk(await fireTimer(cloud, assess({ clock, log }), 'assessTick', chinaTime('2026-07-06 10:02:00')));
    const done = expectOk(await call<CycleView>(ADMIN_T2, { action: 'cycles.get', townId: 't2', quarter: Q }));
    expect(done).toMatchObject({ status: 'draft', branchesDone: 4, orgs: 4 });
    expect(done.members).toBe(cloud.store.count('members', { ancestors: 't2', status: 'active' }));
  });

  it('scores each org part from the quarter data, the confirmed items, 加减分 and the round', async () => {
    const s = expectOk(await call<OrgScoreResult>(SEC_B05, { action: 'org.score', orgId: 'b05', quarter: Q }));
    const by = (code: string) => s.entries.filter((e) => e.ruleCode === code).reduce((n, e) => n + e.amount, 0);
    expect(by('ORG_MEETINGS')).toBe(8); // 3 held (the cancelled one not counted) of 3
    expect(by('ORG_THEME_DAYS')).toBe(2); // 1 of 3: round(6 / 3)
    expect(by('ORG_DEDICATION_HELD')).toBe(6); // April, May (events), June (a log)
    expect(by('ORG_CLAIMS_ON_TIME')).toBe(2); // 1 of 2 on time: round(4 × 0.5)
    expect(by('ORG_TEAM_SOUND')).toBe(3);
    expect(by('ORG_MODEL_SITE')).toBe(5);
    expect(by('ORG_CRITICISM')).toBe(-5);
    expect(by('ORG_REVIEW')).toBe(16); // mean 4 of 5 × 20
    const meetings = s.entries.find((e) => e.ruleCode === 'ORG_MEETINGS')!;
    expect(meetings).toMatchObject({ basis: 'computed', ruleVersion: 1, metric: { value: 3, target: 3 } });
    expect(s.entries.find((e) => e.ruleCode === 'ORG_REVIEW')!.roundId).toBe(roundId);
    // per-capita evaluation points: 4 check-ins of a (20) + 1 of b (5) over the branch's members
    const n = cloud.store.count('members', { branchId: 'b05', status: 'active' });
    const perCapita = s.entries.find((e) => e.ruleCode === 'ORG_PER_CAPITA')!;
    expect(perCapita.metric!.value).toBeCloseTo(25 / n, 2);
    expect(perCapita.amount).toBe(Math.round(20 * Math.min(1, Math.round((25 / n) * 1000) / 1000 / 30)));
    const sum = (cat: string) => s.entries.filter((e) => e.category === cat).reduce((x, e) => x + e.amount, 0);
    expect(s.parts).toEqual({ base: sum('base'), pioneer: sum('pioneer'), bonus: -5, review: 16 });
    expect(s.total).toBe(s.parts.base + s.parts.pioneer + s.parts.bonus + s.parts.review);
  });

  it("grades members by their category's items, and every figure names its entries", async () => {
    const list = expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q }));
    const a = list.results.find((r) => r.subjectId === b05[0]._id)!;
    expect(a.category).toBe(b05[0].flow ? 'flow' : 'inService');
    const att = a.items.find((i) => i.metric === 'attendance');
    if (att) {
      expect(att.value).toBe(3);
      expect(att.sources.sort()).toEqual(['EVM1', 'EVM2', 'EVM3'].map((e) => `chk:${e}:${b05[0]._id}`).sort());
    }
    const evalItem = a.items.find((i) => i.metric === 'evalPoints');
    if (evalItem) expect(evalItem.value).toBe(20);
    const secretary = list.results.find((r) => r.cadre)!;
    expect(secretary.allowance).not.toBeNull();
  });

  it('keeps scope: a secretary only their branch, a town admin only their town', async () => {
    expect(await call(SEC_B05, { action: 'results.list', orgId: 'b06', quarter: Q })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(SEC_B05, { action: 'org.score', orgId: 'b06', quarter: Q })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(SEC_B05, { action: 'cycles.compute', townId: 't2', quarter: Q })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(ADMIN_T2, { action: 'cycles.compute', townId: 't1', quarter: Q })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call(ADMIN_T2, { action: 'results.list', orgId: 'b01', quarter: Q })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-admin-t1', { action: 'cycles.review', cycleId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // members see nothing of a draft
    expect(expectOk(await call<{ results: ResultView[] }>(openid(b05[0]), { action: 'results.mine', quarter: Q })).results).toEqual([]);
  });

  it('publishes a frozen result: later entries and org postings change nothing, and it cannot be recomputed', async () => {
    expect(await call(ADMIN_T2, { action: 'cycles.publish', cycleId })).toMatchObject({ ok: false, code: 'CYCLE_STATE' });
    expectOk(await call(ADMIN_T2, { action: 'cycles.review', cycleId }));
    expectOk(await call(ADMIN_T2, { action: 'cycles.publish', cycleId }));
    const before = expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q }));
    const orgBefore = expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q, kind: 'org' }));
    // later data for the same quarter: a late check-in and an honour
    expectOk(await checkin(b05[3], 'EVM3', '2026-06-10'));
    expectOk(await call(ADMIN_T2, { action: 'org.post', orgId: 'b05', ruleCode: 'ORG_HONOUR', quarter: Q, documentRef: '荣誉〔2026〕3号', requestId: 'late-honour-1' }));
    expect(await call(ADMIN_T2, { action: 'cycles.compute', townId: 't2', quarter: Q, restart: true })).toMatchObject({ ok: false, code: 'CYCLE_STATE' });
    expect(expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q }))).toEqual(before);
    expect(expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q, kind: 'org' }))).toEqual(orgBefore);
    // the member now sees their published result
    expect(expectOk(await call<{ results: ResultView[] }>(openid(b05[0]), { action: 'results.mine', quarter: Q })).results).toHaveLength(1);
  });

  it('an upheld appeal makes a new published version and keeps the old one', async () => {
    const mine = expectOk(await call<{ results: ResultView[] }>(openid(b05[1]), { action: 'results.mine', quarter: Q })).results[0];
    expect(await call(openid(b05[0]), { action: 'appeals.submit', resultId: mine.id, reason: '不是本人' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const { appeal } = expectOk(await call<{ appeal: { id: string } }>(openid(b05[1]), { action: 'appeals.submit', resultId: mine.id, reason: '五月参加了奉献日，但系统未记录出勤' }));
    expect(await call(openid(b05[1]), { action: 'appeals.submit', resultId: mine.id, reason: '再次申诉' })).toMatchObject({ ok: false, code: 'APPEAL_CLOSED' });
    expect(await call(ADMIN_T2, { action: 'cycles.finalize', cycleId })).toMatchObject({ ok: false, code: 'CYCLE_STATE' });
    const answered = expectOk(await call<{ result: ResultView }>(ADMIN_T2, { action: 'appeals.answer', appealId: appeal.id, upheld: true, answer: '经核实，补记出勤', correctedScore: 92 }));
    expect(answered.result).toMatchObject({ version: 2, current: true, score: 92, grade: 'excellent', supersedes: mine.id });
    const now = expectOk(await call<{ results: ResultView[] }>(openid(b05[1]), { action: 'results.mine', quarter: Q })).results;
    expect(now.map((r) => [r.version, r.current, r.score])).toEqual([
      [2, true, 92],
      [1, false, mine.score],
    ]);
    const all = expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q, allVersions: true }));
    expect(all.results.filter((r) => r.subjectId === b05[1]._id)).toHaveLength(2);
    expect(await call(ADMIN_T2, { action: 'appeals.answer', appealId: appeal.id, upheld: false, answer: '再答' })).toMatchObject({ ok: false, code: 'APPEAL_NOT_PENDING' });
  });

  it('exports the published result to xlsx with the figures the pages show', async () => {
    const out = expectOk(await callFiles<{ url: string; fileID: string; members: number; orgs: number }>(ADMIN_T2, { action: 'assessment.export', cycleId }));
    expect(out.orgs).toBe(4);
    expect(out.members).toBe(cloud.store.count('members', { ancestors: 't2', status: 'active' }));
    const wb = new (await loadExcel()).Workbook();
    const file = cloud.storage.get(cloud.storage.pathOf(out.fileID)!);
    await wb.xlsx.load(file as never);
    const orgSheet = wb.getWorksheet('党组织积分')!;
    const orgRow = orgSheet.getRows(2, orgSheet.rowCount - 1)!.find((r) => r.getCell(1).value === cloud.store.getById('orgs', 'b05')!.name)!;
    const score = expectOk(await call<{ results: ResultView[] }>(SEC_B05, { action: 'results.list', orgId: 'b05', quarter: Q, kind: 'org' })).results[0];
    expect(orgRow.getCell(6).value).toBe(score.score);
    expect(orgRow.getCell(7).value).toBe(score.gradeName);
    expect(wb.getWorksheet('历史版本')!.rowCount).toBe(1 + out.members + out.orgs + 1);
  });
});

describe('org ledger audit', () => {
  it('reports no drift, no broken chain and no quarter drift, also after a reversal', async () => {
    const s = expectOk(await call<OrgScoreResult>(ADMIN_T2, { action: 'org.score', orgId: 'b05', quarter: Q }));
    const criticism = s.entries.find((e) => e.ruleCode === 'ORG_CRITICISM')!;
    const rev = expectOk(await call<{ entry: { amount: number; reversalOf: string } }>(ADMIN_T2, { action: 'org.reverse', entryId: criticism.id, reason: '文件撤销' }));
    expect(rev.entry).toMatchObject({ amount: 5, reversalOf: criticism.id });
    const after = expectOk(await call<OrgScoreResult>(ADMIN_T2, { action: 'org.score', orgId: 'b05', quarter: Q }));
    expect(after.parts.bonus).toBe(s.parts.bonus + 5);
    const audit = expectOk(await call<OrgLedgerAudit>(COUNTY, { action: 'org.audit' }));
    expect(audit.orgs).toBeGreaterThanOrEqual(4);
    expect(audit.drift).toEqual([]);
    expect(audit.broken).toEqual([]);
    expect(audit.quarterDrift).toEqual([]);
    // an entry edited behind the functions' back is named
    await cloud.store.updateById('orgLedger', criticism.id, { $set: { eval: -1 } }).durable;
    const tampered = expectOk(await call<OrgLedgerAudit>(COUNTY, { action: 'org.audit', orgId: 'b05' }));
    expect(tampered.broken).toEqual([{ orgId: 'b05', entryId: criticism.id }]);
  });
});

describe('挂图作战', () => {
  it('computes progress against targets and time, ranks orgs and flags the bottom for a 约谈', async () => {
    const { id } = expectOk(
      await call<{ id: string }>(ADMIN_T2, {
        action: 'campaigns.save',
        scopeOrgId: 't2',
        title: '二季度攻坚',
        startAt: chinaTime('2026-04-01 00:00:00').toISOString(),
        endAt: chinaTime('2026-08-31 00:00:00').toISOString(),
        orgIds: ['b05', 'b06', 'b07'],
        indicators: [
          { code: 'events', name: '组织活动', unit: '次', measure: 'eventsHeld', target: 4, deadline: null },
          { code: 'yards', name: '无主管楼院党组织覆盖', unit: '个', measure: 'reported', target: 10, deadline: '2026-08-31' },
        ],
        targets: { b06: { yards: 5 } },
        responsible: { b05: '张书记' },
        bottomN: 1,
      }),
    );
    expectOk(await call(SEC_B05, { action: 'campaigns.report', campaignId: id, orgId: 'b05', indicator: 'yards', value: 10, evidence: [photo('yards', 'x')] }));
    expect(await call(SEC_B05, { action: 'campaigns.report', campaignId: id, orgId: 'b06', indicator: 'yards', value: 10, evidence: [photo('yards', 'x')] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const p = expectOk(
      await call<{ elapsed: number; rows: { orgId: string; progress: number; colour: string; rank: number; flagged: boolean; values: Record<string, number> }[] }>(ADMIN_T2, {
        action: 'campaigns.progress',
        campaignId: id,
      }),
    );
    const b5 = p.rows.find((r) => r.orgId === 'b05')!;
    expect(b5.values).toEqual({ events: 6, yards: 10 }); // 6 live events of b05 since April (the cancelled one not counted)
    expect(b5).toMatchObject({ progress: 1, colour: 'green', rank: 1, flagged: false });
    expect(p.rows.filter((r) => r.flagged).map((r) => r.orgId)).toEqual(p.rows.filter((r) => r.rank === p.rows[p.rows.length - 1].rank).map((r) => r.orgId));
    const bottom = p.rows[p.rows.length - 1];
    expect(bottom.colour).toBe('red');
    expectOk(await call(ADMIN_T2, { action: 'campaigns.note', campaignId: id, orgId: bottom.orgId, kind: 'talk', note: '约谈书记，限期整改', requestId: 'talk-0001' }));
    const again = expectOk(await call<{ rows: { orgId: string; talks: number }[] }>(ADMIN_T2, { action: 'campaigns.progress', campaignId: id }));
    expect(again.rows.find((r) => r.orgId === bottom.orgId)!.talks).toBe(1);
    const sec = expectOk(await call<{ rows: { orgId: string }[] }>(SEC_B05, { action: 'campaigns.progress', campaignId: id }));
    // listed for the branch that takes part and the town that runs it, not for another town
    const listed = async (who: string) => expectOk(await call<{ campaigns: { id: string }[] }>(who, { action: 'campaigns.list' })).campaigns.map((c) => c.id);
    expect(await listed(SEC_B05)).toContain(id);
    expect(await listed(ADMIN_T2)).toContain(id);
    expect(await listed('demo-admin-t1')).not.toContain(id);
    expect(sec.rows.map((r) => r.orgId)).toEqual(['b05']);
  });
});
