import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditListResult, OrgArchiveResult, OrgCreateResult, OrgRenameResult, ResponsiblesResult, TreeResult } from '../../../core/contracts/org';
import type { OrgDoc } from '../../../core/domain/org/model';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { digest, memberByOpenid, org, unboundMembers } from './support';

/**
 * org.create / rename / archive / responsibles.set through the real router against the demo
 * county: t1 = b01..b04 (town admin demo-admin-t1), t2 = b05..b08; the 组织部 is demo-admin-county.
 */
let cloud: LocalCloud;
let call: Call;
const clock = fixedClock('2026-11-23T02:00:00Z');
const COUNTY = 'demo-admin-county';
const T1 = 'demo-admin-t1';
const ORG_COLLECTIONS = ['orgs', 'audit', 'members'];

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, orgFn({ clock, log: { error: () => undefined, info: () => undefined } }));
});
afterAll(() => cloud.close());

const create = (openid: string, parentId: string, name: string, type: string) => call<OrgCreateResult>(openid, { action: 'create', parentId, name, type });
/** The audit record of `action` on the target (the clock is frozen: records of one target tie on time). */
const auditOf = async (targetId: string, action: string) => expectOk(await call<AuditListResult>(COUNTY, { action: 'audit.list', orgId: 'county', targetId, auditAction: action })).items[0];
const treeIds = async (openid: string, rootId: string) => expectOk(await call<TreeResult>(openid, { action: 'tree', rootId })).nodes.map((n) => n.id);

/** Asserts the call is refused with `code` and leaves the org collections exactly as they were. */
async function refusedUntouched(p: () => Promise<{ ok: boolean; code?: string }>, code: string): Promise<void> {
  const before = digest(cloud, ORG_COLLECTIONS);
  const r = await p();
  expect(r.ok ? 'ok' : r.code).toBe(code);
  expect(digest(cloud, ORG_COLLECTIONS)).toBe(before);
}

describe('org.create', () => {
  it('a town admin creates a branch in its town and a party group in it; both appear in the tree, audited', async () => {
    const branch = expectOk(await create(T1, 't1', '幸福里社区党支部', 'branch'));
    expect(branch).toMatchObject({ created: true, org: { name: '幸福里社区党支部', type: 'branch', parentId: 't1', ancestors: ['county', 't1', branch.org.id] } });
    const doc = org(cloud, branch.org.id);
    expect(doc).toMatchObject({ gridLevel: 2, inviteCode: expect.stringMatching(/^[2-9A-HJKMNP-Z]{6}$/) });

    const group = expectOk(await create(T1, branch.org.id, '第一党小组（1号网格）', 'group'));
    expect(group.org.ancestors).toEqual([...branch.org.ancestors, group.org.id]);
    expect(org(cloud, group.org.id).gridLevel).toBe(3);

    expect(await treeIds(T1, 't1')).toEqual(expect.arrayContaining([branch.org.id, group.org.id]));
    const rec = await auditOf(group.org.id, 'org.create');
    expect(rec).toMatchObject({ action: 'org.create', role: 'orgAdmin', actorName: memberByOpenid(cloud, T1).name, before: null, after: { name: '第一党小组（1号网格）', type: 'group' } });
  });

  it('a retried create answers with the org it made and writes nothing more', async () => {
    const first = expectOk(await create(T1, 'b02', '第四党小组（4号网格）', 'group'));
    const before = digest(cloud, ORG_COLLECTIONS);
    const again = expectOk(await create(T1, 'b02', '第四党小组（4号网格）', 'group'));
    expect(again).toEqual({ ...first, created: false });
    expect(digest(cloud, ORG_COLLECTIONS)).toBe(before);
  });

  it('only the 组织部 creates a town: a town admin is FORBIDDEN, the county admin creates it', async () => {
    await refusedUntouched(() => create(T1, 'county', '新城街道党工委', 'town'), 'FORBIDDEN');
    const town = expectOk(await create(COUNTY, 'county', '新城街道党工委', 'town'));
    expect(town.org).toMatchObject({ type: 'town', ancestors: ['county', town.org.id] });
    expect(org(cloud, town.org.id).gridLevel).toBe(1);
  });

  it('refuses a caller outside the parent’s subtree (another town’s admin, a secretary, a member)', async () => {
    await refusedUntouched(() => create('demo-admin-t2', 'b01', '越权党小组', 'group'), 'FORBIDDEN');
    await refusedUntouched(() => create('demo-secretary-b01', 'b01', '书记建的小组', 'group'), 'FORBIDDEN');
    await refusedUntouched(() => create('demo-member-b01', 'b01', '党员建的小组', 'group'), 'FORBIDDEN');
  });

  it('refuses bad input with INVALID_INPUT naming the field and writes nothing', async () => {
    for (const [event, field] of [
      [{ parentId: 't1', name: '党', type: 'branch' }, 'name'],
      [{ parentId: 't1', name: '某某党支部', type: 'county' }, 'type'],
      [{ parentId: 't1', name: '某某党支部', type: 'branch', extra: 1 }, ''],
      [{ parentId: 't1', name: '某某党小组', type: 'group' }, 'parentId'],
      [{ parentId: 'b01', name: '某某党支部', type: 'branch' }, 'parentId'],
      [{ parentId: 'b01g1', name: '某某党小组', type: 'group' }, 'parentId'],
    ] as const) {
      const before = digest(cloud, ORG_COLLECTIONS);
      const r = await call(T1, { action: 'create', ...event });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      if (field && !r.ok) expect([JSON.stringify(event), r.field]).toEqual([JSON.stringify(event), field]);
      expect(digest(cloud, ORG_COLLECTIONS)).toBe(before);
    }
  });

  it('refuses a sibling of the same name and another type (CONFLICT), and an unknown parent; the same name and type is the org there', async () => {
    await refusedUntouched(() => create(COUNTY, 'county', '博学路街道党工委', 'branch'), 'CONFLICT');
    expect(expectOk(await create(T1, 't1', '青年路社区党支部', 'branch'))).toMatchObject({ created: false, org: { id: 'b01' } });
    await refusedUntouched(() => create(COUNTY, 'no-such-org', '某某党支部', 'branch'), 'NOT_FOUND');
  });
});

describe('org.rename', () => {
  it('renames a branch (ids unchanged, the tree shows the new name), audited with old and new', async () => {
    const r = expectOk(await call<OrgRenameResult>(T1, { action: 'rename', orgId: 'b03', name: '新华里社区第一党支部', reason: '社区更名' }));
    expect(r).toEqual({ orgId: 'b03', name: '新华里社区第一党支部', changed: true });
    expect(org(cloud, 'b03').name).toBe('新华里社区第一党支部');
    const rec = await auditOf('b03', 'org.rename');
    expect(rec).toMatchObject({ action: 'org.rename', before: { name: '新华里社区党支部' }, after: { name: '新华里社区第一党支部' }, reason: '社区更名' });
    const before = digest(cloud, ORG_COLLECTIONS);
    expect(expectOk(await call<OrgRenameResult>(T1, { action: 'rename', orgId: 'b03', name: '新华里社区第一党支部' })).changed).toBe(false);
    expect(digest(cloud, ORG_COLLECTIONS)).toBe(before);
  });

  it('a town is renamed by the 组织部 only; the county root not at all; a sibling’s name is CONFLICT', async () => {
    await refusedUntouched(() => call(T1, { action: 'rename', orgId: 't1', name: '青年路街道党委' }), 'FORBIDDEN');
    expect(expectOk(await call<OrgRenameResult>(COUNTY, { action: 'rename', orgId: 't1', name: '青年路街道党委' })).changed).toBe(true);
    await refusedUntouched(() => call(COUNTY, { action: 'rename', orgId: 'county', name: '中共某某县委' }), 'INVALID_INPUT');
    await refusedUntouched(() => call(T1, { action: 'rename', orgId: 'b04', name: '文化路社区党支部' }), 'CONFLICT');
    await refusedUntouched(() => call('demo-admin-t2', { action: 'rename', orgId: 'b04', name: '越权改名党支部' }), 'FORBIDDEN');
    await refusedUntouched(() => call(T1, { action: 'rename', orgId: 'b04', name: '' }), 'INVALID_INPUT');
  });
});

describe('org.archive', () => {
  it('refuses while members or open children remain, saying what is left; archives an empty org, which leaves the tree', async () => {
    await refusedUntouched(() => call(T1, { action: 'archive', orgId: 'b04', reason: '撤并' }), 'CONFLICT');
    const made = expectOk(await create(T1, 'b04', '临时党小组（撤并测试）', 'group')).org.id;
    const r = expectOk(await call<OrgArchiveResult>(T1, { action: 'archive', orgId: made, reason: '网格撤并' }));
    expect(r).toEqual({ orgId: made, archived: true, changed: true });
    expect(org(cloud, made).archivedAt).toBeInstanceOf(Date);
    expect(await treeIds(T1, 'b04')).not.toContain(made);
    const rec = await auditOf(made, 'org.archive');
    expect(rec).toMatchObject({ action: 'org.archive', reason: '网格撤并' });
    const before = digest(cloud, ORG_COLLECTIONS);
    expect(expectOk(await call<OrgArchiveResult>(T1, { action: 'archive', orgId: made, reason: '网格撤并' })).changed).toBe(false);
    expect(digest(cloud, ORG_COLLECTIONS)).toBe(before);
    // nothing goes under an archived org, and its name is free again
    await refusedUntouched(() => create(T1, made, '下级党小组', 'group'), 'INVALID_INPUT');
    expect(expectOk(await create(T1, 'b04', '临时党小组（撤并测试）', 'group')).created).toBe(true);
  });

  it('an archived branch loses its invite code, so nobody binds to it', async () => {
    const b = expectOk(await create(T1, 't1', '待撤销党支部', 'branch')).org.id;
    expect(org(cloud, b).inviteCode).toBeTruthy();
    expectOk(await call(T1, { action: 'archive', orgId: b, reason: '建制撤销' }));
    expect(org(cloud, b).inviteCode).toBeUndefined();
  });

  it('refuses the county root, a town by its own admin, and a caller outside the subtree', async () => {
    await refusedUntouched(() => call(COUNTY, { action: 'archive', orgId: 'county', reason: '撤销' }), 'INVALID_INPUT');
    await refusedUntouched(() => call(T1, { action: 'archive', orgId: 't1', reason: '撤销' }), 'FORBIDDEN');
    await refusedUntouched(() => call('demo-admin-t2', { action: 'archive', orgId: 'b01g1', reason: '撤销' }), 'FORBIDDEN');
    await refusedUntouched(() => call(T1, { action: 'archive', orgId: 'b01g1' }), 'INVALID_INPUT');
  });
});

describe('org.responsibles.set', () => {
  it('names a grid’s 第一责任人 and 直接责任人 (stored as firstResponsibleId / directResponsibleId, shown by the tree), audited', async () => {
    const secretary = memberByOpenid(cloud, 'demo-secretary-b02');
    const [direct] = unboundMembers(cloud, 'b02').filter((m) => m.groupId === 'b02g2');
    const r = expectOk(await call<ResponsiblesResult>(T1, { action: 'responsibles.set', orgId: 'b02g2', first: secretary._id, direct: direct._id, reason: '网格调整' }));
    expect(r).toEqual({ orgId: 'b02g2', first: { id: secretary._id, name: secretary.name }, direct: { id: direct._id, name: direct.name }, changed: true });
    expect(org(cloud, 'b02g2')).toMatchObject({ firstResponsibleId: secretary._id, directResponsibleId: direct._id });
    const node = expectOk(await call<TreeResult>(T1, { action: 'tree', rootId: 'b02' })).nodes.find((n) => n.id === 'b02g2');
    expect(node).toMatchObject({ firstResponsible: { id: secretary._id, name: secretary.name }, directResponsible: { id: direct._id, name: direct.name } });
    const rec = await auditOf('b02g2', 'org.responsibles.set');
    expect(rec).toMatchObject({ action: 'org.responsibles.set', after: { firstResponsibleId: secretary._id, directResponsibleId: direct._id } });

    const before = digest(cloud, ORG_COLLECTIONS);
    expect(expectOk(await call<ResponsiblesResult>(T1, { action: 'responsibles.set', orgId: 'b02g2', first: secretary._id, direct: direct._id })).changed).toBe(false);
    expect(digest(cloud, ORG_COLLECTIONS)).toBe(before);
    expect(expectOk(await call<ResponsiblesResult>(T1, { action: 'responsibles.set', orgId: 'b02g2', first: secretary._id, direct: null })).direct).toBeNull();
    expect((org(cloud, 'b02g2') as OrgDoc).directResponsibleId).toBeNull();
  });

  it('refuses a person from another branch, an unknown person, a stranger and bad input, writing nothing', async () => {
    const other = unboundMembers(cloud, 'b03')[0];
    await refusedUntouched(() => call(T1, { action: 'responsibles.set', orgId: 'b02g1', first: other._id, direct: null }), 'INVALID_INPUT');
    await refusedUntouched(() => call(T1, { action: 'responsibles.set', orgId: 'b02g1', first: 'no-such-member', direct: null }), 'INVALID_INPUT');
    await refusedUntouched(() => call('demo-admin-t2', { action: 'responsibles.set', orgId: 'b02g1', first: null, direct: null }), 'FORBIDDEN');
    await refusedUntouched(() => call('demo-secretary-b02', { action: 'responsibles.set', orgId: 'b02g1', first: null, direct: null }), 'FORBIDDEN');
    await refusedUntouched(() => call(T1, { action: 'responsibles.set', orgId: 'b02g1', first: null }), 'INVALID_INPUT');
    await refusedUntouched(() => call(T1, { action: 'responsibles.set', orgId: 't1', first: null, direct: null }), 'FORBIDDEN');
  });
});
