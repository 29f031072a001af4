import { beforeEach, describe, expect, it } from '@jest/globals';
import type { MeResult } from '../../../core/contracts/auth';
import type { OrgNode, TreeResult } from '../../../core/contracts/org';
import { demoAdmin, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { b01Tree, t1Tree } from './org-fixtures';
import { mockWx, typeInto } from './support';

beforeEach(resetWx);

const countyAdmin: MeResult = { ...demoMember, memberId: 'm0300', name: '周敏', roles: [{ role: 'countyAdmin', orgId: 'county', orgName: '中共示范县委' }] };
const countyNode: OrgNode = { ...t1Tree.nodes[0], id: 'county', name: '中共示范县委', type: 'county', parentId: null, depth: 0, gridLevel: null, memberCount: 300, activeCount: 298 };
const countyTree: TreeResult = {
  roots: ['county'],
  nodes: [countyNode, ...t1Tree.nodes.map((n) => ({ ...n, depth: n.depth + 1 })), { ...t1Tree.nodes[0], id: 't2', name: '博学路街道党工委', depth: 1 }],
};
const created = { org: { id: 'onew', name: '幸福里社区党支部', type: 'branch', parentId: 't1', ancestors: ['county', 't1', 'onew'] }, created: true };

describe('调整组织 (org edit)', () => {
  it('lets a town admin create a branch in its town, but not rename, move or archive the town', async () => {
    const page = await loadPage('staff/pages/org/edit/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree), 'org.create': ok(created) }, query: { orgId: 't1' } });
    const text = page.text();
    expect(text).toContain('新建下级组织');
    expect(text).not.toContain('修改名称');
    expect(text).not.toContain('调整隶属关系');
    expect(text).not.toContain('撤销组织');
    expect((page.instance.data.types as { value: string }[]).map((t) => t.value)).toEqual(['branch']);
    await typeInto(page, '.f-child-name', '幸福里社区党支部');
    await page.tap('.create-btn');
    expect(page.backend?.calls.find((c) => c.action === 'create')?.payload).toEqual({ parentId: 't1', name: '幸福里社区党支部', type: 'branch' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新建' }));
    expect(wx.navigateBack).toHaveBeenCalled();
    expect(rendered(page, 't-input')).toBe(true);
  });

  it('moves a party group under another branch of the town (not its own), with a reason', async () => {
    const moved = { orgId: 'b02g1', parentId: 'b01', ancestors: ['county', 't1', 'b01', 'b02g1'], changed: true, done: true, updated: { members: 9 } };
    const page = await loadPage('staff/pages/org/edit/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree), 'org.move': ok(moved) }, query: { orgId: 'b02g1' } });
    expect(page.text()).not.toContain('新建下级组织'); // nothing hangs under a party group
    expect((page.instance.data.parents as { id: string }[]).map((p) => p.id)).toEqual(['b01']);
    await page.tap('.parent-b01');
    await typeInto(page, '.f-move-reason', '网格调整');
    await page.tap('.move-btn');
    expect(page.backend?.calls.find((c) => c.action === 'move')?.payload).toEqual({ orgId: 'b02g1', toParentId: 'b01', reason: '网格调整' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已调整隶属关系' }));
  });

  it('calls a move again until it is done (a large subtree takes more than one call)', async () => {
    let n = 0;
    const page = await loadPage('staff/pages/org/edit/index', {
      stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree), 'org.move': () => ok({ orgId: 'b02g1', parentId: 'b01', ancestors: [], changed: n === 0, done: ++n >= 3, updated: {} }) },
      query: { orgId: 'b02g1' },
    });
    await page.tap('.parent-b01');
    await typeInto(page, '.f-move-reason', '网格调整');
    await page.tap('.move-btn');
    expect(page.backend?.calls.filter((c) => c.action === 'move')).toHaveLength(3);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已调整隶属关系' }));
  });

  it('renames a branch and shows the new name', async () => {
    const page = await loadPage('staff/pages/org/edit/index', {
      stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree), 'org.rename': ok({ orgId: 'b02', name: '文化路第一社区党支部', changed: true }) },
      query: { orgId: 'b02' },
    });
    await typeInto(page, '.f-new-name', '文化路第一社区党支部');
    await page.tap('.rename-btn');
    expect(page.backend?.calls.find((c) => c.action === 'rename')?.payload).toEqual({ orgId: 'b02', name: '文化路第一社区党支部' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已改名' }));
  });

  it('asks before archiving, and shows the server’s refusal (members left) without leaving', async () => {
    const modal = mockWx({ showModal: (o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }) });
    const page = await loadPage('staff/pages/org/edit/index', {
      stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree), 'org.archive': fail('CONFLICT', { message: '该组织还有 9 名党员，请先办理组织关系转接' }) },
      query: { orgId: 'b02g1' },
    });
    await typeInto(page, '.f-archive-reason', '网格撤并');
    await page.tap('.archive-btn');
    expect(modal.showModal).toHaveBeenCalled();
    expect(page.backend?.calls.find((c) => c.action === 'archive')?.payload).toEqual({ orgId: 'b02g1', reason: '网格撤并' });
    expect(page.text()).toContain('该组织还有 9 名党员，请先办理组织关系转接');
    expect(wx.navigateBack).not.toHaveBeenCalled();
  });

  it('does not archive when the admin cancels', async () => {
    mockWx({ showModal: (o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: false }) });
    const page = await loadPage('staff/pages/org/edit/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree) }, query: { orgId: 'b02g1' } });
    await typeInto(page, '.f-archive-reason', '网格撤并');
    await page.tap('.archive-btn');
    expect(page.backend?.calls.map((c) => c.action)).not.toContain('archive');
  });

  it('gives the 组织部 the town itself and towns under the county', async () => {
    const town = await loadPage('staff/pages/org/edit/index', { stub: { 'auth.me': ok(countyAdmin), 'org.tree': ok(countyTree) }, query: { orgId: 't1' } });
    for (const s of ['新建下级组织', '修改名称', '撤销组织']) expect(town.text()).toContain(s);
    resetWx();
    const county = await loadPage('staff/pages/org/edit/index', { stub: { 'auth.me': ok(countyAdmin), 'org.tree': ok(countyTree) }, query: { orgId: 'county' } });
    expect((county.instance.data.types as { value: string }[]).map((t) => t.value)).toEqual(['town', 'branch']);
    expect(county.text()).not.toContain('修改名称');
  });

  it('is for admins only', async () => {
    const page = await loadPage('staff/pages/org/edit/index', { stub: { 'auth.me': ok(demoSecretary), 'org.tree': ok(b01Tree) }, query: { orgId: 'b01' } });
    expect(page.text()).toContain('只有组织管理员可以调整组织');
    expect(page.backend?.calls.map((c) => c.action)).not.toContain('create');
  });
});

describe('组织管理 links to the edit pages', () => {
  it('shows an admin 调整组织 and, on a branch, 网格责任人; a secretary neither', async () => {
    const town = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree) } });
    expect(town.text()).toContain('调整组织');
    expect(town.text()).not.toContain('网格责任人'); // a town's responsibles are the 组织部's
    await town.tap('.go-edit');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/staff/pages/org/edit/index?orgId=t1' }));
    resetWx();
    const branch = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(b01Tree) }, query: { orgId: 'b01' } });
    await branch.tap('.go-responsibles');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/staff/pages/org/responsibles/index?orgId=b01' }));
    resetWx();
    const secretary = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoSecretary), 'org.tree': ok(b01Tree) } });
    expect(secretary.text()).not.toContain('调整组织');
    expect(secretary.text()).not.toContain('网格责任人');
  });
});
