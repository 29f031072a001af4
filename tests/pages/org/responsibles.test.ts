import { beforeEach, describe, expect, it } from '@jest/globals';
import type { TreeResult } from '../../../core/contracts/org';
import { demoAdmin, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { b01Tree, page1 } from './org-fixtures';
import { typeInto } from './support';

beforeEach(resetWx);

/** org.tree under party group b01g1: its 直接责任人 is 赵明, no 第一责任人 yet. */
const groupTree: TreeResult = { roots: ['b01g1'], nodes: [{ ...b01Tree.nodes[1], depth: 0 }] };
const saved = (first: string | null, direct: string | null) => ok({ orgId: 'b01g1', first: first ? { id: first, name: '' } : null, direct: direct ? { id: direct, name: '' } : null, changed: true });
const stub = (set: unknown = saved('m0003', 'm0002')) => ({ 'auth.me': ok(demoAdmin), 'org.tree': ok(groupTree), 'org.members.list': ok(page1), 'org.responsibles.set': set as never });

describe('网格责任人 (grid responsibles)', () => {
  it('shows the current persons, picks a 第一责任人 among the branch’s members and saves both', async () => {
    const page = await loadPage('staff/pages/org/responsibles/index', { stub: stub(), query: { orgId: 'b01g1' } });
    expect(page.text()).toContain('直接责任人');
    expect(page.text()).toContain('赵明');
    expect(page.text()).toContain('未设置');
    // candidates are the active members of the grid's branch
    expect(page.backend?.calls.find((c) => c.action === 'members.list')?.payload).toEqual({ orgId: 'b01', status: 'active', limit: 100 });
    await page.tap('.pick-first');
    expect(page.text()).toContain('选择第一责任人');
    await page.tap('.cand-m0003');
    expect(page.instance.data.first).toEqual({ id: 'm0003', name: '党员3' });
    await page.tap('.save-btn');
    expect(page.backend?.calls.find((c) => c.action === 'responsibles.set')?.payload).toEqual({ orgId: 'b01g1', first: 'm0003', direct: 'm0002' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
    expect(wx.navigateBack).toHaveBeenCalled();
    expect(rendered(page, 't-cell')).toBe(true);
  });

  it('clears the 直接责任人', async () => {
    const page = await loadPage('staff/pages/org/responsibles/index', { stub: stub(saved(null, null)), query: { orgId: 'b01g1' } });
    await page.tap('.clear-direct');
    await page.tap('.save-btn');
    expect(page.backend?.calls.find((c) => c.action === 'responsibles.set')?.payload).toEqual({ orgId: 'b01g1', first: null, direct: null });
  });

  it('searches the candidates by name', async () => {
    const page = await loadPage('staff/pages/org/responsibles/index', { stub: stub(), query: { orgId: 'b01g1' } });
    await page.tap('.pick-direct');
    await typeInto(page, '.f-q', '党员1');
    page.invoke('onSearch');
    await page.flush();
    expect(page.backend?.calls.filter((c) => c.action === 'members.list').map((c) => c.payload)).toContainEqual({ orgId: 'b01', status: 'active', limit: 100, q: '党员1' });
  });

  it('shows the server’s refusal and stays', async () => {
    const page = await loadPage('staff/pages/org/responsibles/index', {
      stub: stub(fail('INVALID_INPUT', { message: '第一责任人应为本组织或上级组织的党员', field: 'first' })),
      query: { orgId: 'b01g1' },
    });
    await page.tap('.pick-first');
    await page.tap('.cand-m0004');
    await page.tap('.save-btn');
    expect(page.text()).toContain('第一责任人应为本组织或上级组织的党员');
    expect(wx.navigateBack).not.toHaveBeenCalled();
  });

  it('is for admins only', async () => {
    const page = await loadPage('staff/pages/org/responsibles/index', { stub: { 'auth.me': ok(demoSecretary), 'org.tree': ok(groupTree) }, query: { orgId: 'b01g1' } });
    expect(page.text()).toContain('只有组织管理员可以设置网格责任人');
    expect(page.backend?.calls.map((c) => c.action)).not.toContain('members.list');
  });
});
