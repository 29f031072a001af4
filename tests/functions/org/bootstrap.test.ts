import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MeResult } from '../../../core/contracts/auth';
import type { Result } from '../../../core/contracts/envelope';
import type { AuditListResult, BootstrapResult, OrgCreateResult, TreeResult } from '../../../core/contracts/org';
import type { RulesListResult } from '../../../core/contracts/points';
import { BOOTSTRAP_CODE_ENV } from '../../../core/domain/org/bootstrap';
import { DEFAULT_RULES } from '../../../core/domain/rules/catalog';
import { auth } from '../../../core/functions/auth';
import { org } from '../../../core/functions/org';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { digest } from './support';

/**
 * org.bootstrap on an empty strict-mode local cloud (as a fresh CloudBase env after the deploy):
 * guarded by the env's code, idempotent, audited; then the first 组织部 admin binds with the
 * invite through auth.bind and builds the tree.
 */
let cloud: LocalCloud;
let orgMain: Main;
let orgCall: Call;
let authCall: Call;
let pointsCall: Call;
const clock = fixedClock('2026-12-01T01:00:00Z');
const log = { error: () => undefined, info: () => undefined };
const CODE = 'test-bootstrap-code-6Z3KQ9';
const ALL = ['orgs', 'members', 'balances', 'rules', 'audit', 'bindAttempts'];
const INPUT = { countyName: '中共清风县委', adminName: '林 秀英', adminPhone: '13912345678' };
const saved = process.env[BOOTSTRAP_CODE_ENV];

beforeAll(async () => {
  delete process.env[BOOTSTRAP_CODE_ENV];
  cloud = await startTestCloud({ seed: false });
  orgMain = org({ clock, log });
  orgCall = caller(cloud, orgMain);
  authCall = caller(cloud, auth({ clock, log }));
  pointsCall = caller(cloud, points({ clock, log }));
});
afterAll(async () => {
  if (saved === undefined) delete process.env[BOOTSTRAP_CODE_ENV];
  else process.env[BOOTSTRAP_CODE_ENV] = saved;
  await cloud.close();
});

const boot = (event: Record<string, unknown>) => cloud.invoke<Result<BootstrapResult>>(orgMain as never, { action: 'bootstrap', ...event }, {});

describe('org.bootstrap', () => {
  it('refuses without the env’s code, with a wrong one, and with bad input, writing nothing', async () => {
    const empty = digest(cloud, ALL);
    expect((await boot({ code: CODE, ...INPUT })).result).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'code' });
    process.env[BOOTSTRAP_CODE_ENV] = CODE;
    expect((await boot({ code: 'wrong-bootstrap-code-000', ...INPUT })).result).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '初始化口令不正确' });
    expect((await boot({ code: CODE, ...INPUT, adminPhone: '1391234' })).result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'adminPhone' });
    expect((await boot({ code: CODE, ...INPUT, countyName: '' })).result).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'countyName' });
    expect(digest(cloud, ALL)).toBe(empty);
  });

  it('creates the county, the 组织部 branch, the first admin’s roster entry, the default rules and its audit record, in one go', async () => {
    const r = await boot({ code: CODE, ...INPUT });
    const data = expectOk(r.result);
    expect(data).toMatchObject({
      created: true,
      countyId: 'county',
      countyName: '中共清风县委',
      branchName: '县委组织部机关党支部',
      adminBound: false,
      inviteCode: expect.stringMatching(/^[2-9A-Z]{6}$/),
    });
    expect(data.qrText).toBe(`HGJBIND:${data.inviteCode}`);
    expect(data.rules).toHaveLength(DEFAULT_RULES.length);
    expect(cloud.store.getById('orgs', 'county')).toMatchObject({ type: 'county', parentId: null, ancestors: ['county'] });
    expect(cloud.store.getById('orgs', data.branchId)).toMatchObject({ type: 'branch', parentId: 'county', ancestors: ['county', data.branchId], inviteCode: data.inviteCode });
    expect(cloud.store.getById('members', data.adminMemberId)).toMatchObject({
      name: '林 秀英',
      phone: '13912345678',
      branchId: data.branchId,
      roles: [{ role: 'countyAdmin', orgId: 'county' }],
      openid: `unbound:${data.adminMemberId}`,
    });
    expect(cloud.store.count('rules', { scopeOrgId: 'county', status: 'active', version: 1 })).toBe(DEFAULT_RULES.length);
    expect(cloud.store.find('audit', {}, { limit: 10 })).toEqual([expect.objectContaining({ action: 'org.bootstrap', actorId: 'system:bootstrap', targetId: 'county' })]);
    // the county root, then one transaction: start, root, root, branch, admin, balance, each rule, audit, commit
    expect(r.dbRequests).toBe(9 + DEFAULT_RULES.length);
  });

  it('is idempotent: a second run creates nothing and answers the same state; other names are CONFLICT', async () => {
    const before = digest(cloud, ALL);
    const first = expectOk((await boot({ code: CODE, ...INPUT })).result);
    const again = await boot({ code: CODE, ...INPUT, adminName: '林秀英' });
    expect(expectOk(again.result)).toEqual(first);
    expect(first.created).toBe(false);
    expect(again.dbRequests).toBe(3);
    expect((await boot({ code: CODE, ...INPUT, countyName: '中共明月县委' })).result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await boot({ code: CODE, ...INPUT, adminPhone: '13912345679' })).result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(digest(cloud, ALL)).toBe(before);
  });

  it('the first admin binds with the invite through auth.bind, sees the county, creates a town and a branch, and the invite is used up', async () => {
    const state = expectOk((await boot({ code: CODE, ...INPUT })).result);
    const me = expectOk(await authCall<MeResult>('first-admin-openid', { action: 'bind', inviteCode: state.qrText, name: '林秀英', phone: '13912345678' }));
    expect(me.roles).toEqual([{ role: 'countyAdmin', orgId: 'county', orgName: '中共清风县委' }]);
    // nobody else can take the admin's roster entry
    expect(await authCall('someone-else', { action: 'bind', inviteCode: state.inviteCode, name: '林秀英', phone: '13912345678' })).toMatchObject({ ok: false, code: 'MEMBER_ALREADY_BOUND' });

    const town = expectOk(await orgCall<OrgCreateResult>('first-admin-openid', { action: 'create', parentId: 'county', name: '东关街道党工委', type: 'town' })).org;
    const branch = expectOk(await orgCall<OrgCreateResult>('first-admin-openid', { action: 'create', parentId: town.id, name: '东关社区党支部', type: 'branch' })).org;
    const tree = expectOk(await orgCall<TreeResult>('first-admin-openid', { action: 'tree' })).nodes.map((n) => [n.name, n.depth]);
    expect(tree).toEqual([
      ['中共清风县委', 0],
      ['东关街道党工委', 1],
      ['东关社区党支部', 2],
      ['县委组织部机关党支部', 1],
    ]);
    expect(branch.ancestors).toEqual(['county', town.id, branch.id]);
    // the default rules are there for the county
    const rules = expectOk(await pointsCall<RulesListResult>('first-admin-openid', { action: 'rules.list' }));
    expect(JSON.stringify(rules)).toContain('DEDICATION_DAY');

    const audit = expectOk(await orgCall<AuditListResult>('first-admin-openid', { action: 'audit.list', orgId: 'county' })).items.map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['org.bootstrap', 'org.create']));

    const after = expectOk((await boot({ code: CODE, ...INPUT })).result);
    expect(after).toMatchObject({ created: false, adminBound: true, inviteCode: null, qrText: null });
  });
});

describe('org.bootstrap on an env that has data already', () => {
  it('refuses a county it did not make (the seeded demo) with CONFLICT and writes nothing', async () => {
    const seeded = await startTestCloud();
    try {
      process.env[BOOTSTRAP_CODE_ENV] = CODE;
      const before = digest(seeded, ['orgs', 'members', 'rules', 'audit']);
      const r = await seeded.invoke<Result<BootstrapResult>>(org({ clock, log }) as never, { action: 'bootstrap', code: CODE, ...INPUT }, {});
      expect(r.result).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(digest(seeded, ['orgs', 'members', 'rules', 'audit'])).toBe(before);
    } finally {
      await seeded.close();
    }
  });
});
