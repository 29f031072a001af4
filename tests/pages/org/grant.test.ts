import { beforeEach, describe, expect, it } from '@jest/globals';
import { demoAdmin, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { t1Tree } from './org-fixtures';
import { typeInto } from './support';

beforeEach(resetWx);

const stub = (grant: unknown = ok({ memberId: 'm0005', roles: [{ role: 'gridLeader', orgId: 'b01g1' }], changed: true })) => ({
  'auth.me': ok(demoAdmin),
  'org.tree': ok(t1Tree),
  'org.roles.grant': grant as never,
});

describe('授予角色 (role grant)', () => {
  it('offers the orgs each role fits and grants the chosen one', async () => {
    const page = await loadPage('staff/pages/org/grant/index', { stub: stub(), query: { memberId: 'm0005', name: encodeURIComponent('李建华') } });
    expect(page.text()).toContain('为 李建华 授予角色');
    await page.tap('.role-gridLeader');
    // grid leaders go on branches or party groups
    expect((page.instance.data.orgs as { id: string }[]).map((o) => o.id)).toEqual(['b01', 'b01g1', 'b02', 'b02g1']);
    await page.tap('.org-b01g1');
    await typeInto(page, '.f-reason', '换届');
    await page.tap('.submit-btn');
    expect(page.backend?.calls.find((c) => c.action === 'roles.grant')?.payload).toEqual({ memberId: 'm0005', role: 'gridLeader', orgId: 'b01g1', reason: '换届' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已授予' }));
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  it('offers a secretary role on branches only, and no admin role on the admin’s own town', async () => {
    const page = await loadPage('staff/pages/org/grant/index', { stub: stub(), query: { memberId: 'm0005' } });
    await page.tap('.role-secretary');
    expect((page.instance.data.orgs as { id: string }[]).map((o) => o.id)).toEqual(['b01', 'b02']);
    await page.tap('.role-orgAdmin');
    expect(page.instance.data.orgs).toEqual([]);
    expect(page.text()).toContain('您的管理范围内没有适合该角色的组织');
  });

  it('shows the server’s refusal and stays', async () => {
    const page = await loadPage('staff/pages/org/grant/index', { stub: stub(fail('FORBIDDEN')), query: { memberId: 'm0005' } });
    await page.tap('.role-storeKeeper');
    await page.tap('.org-t1');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('没有权限进行此操作');
    expect(wx.navigateBack).not.toHaveBeenCalled();
  });

  it('is for admins only', async () => {
    const page = await loadPage('staff/pages/org/grant/index', { stub: { 'auth.me': ok(demoSecretary) }, query: { memberId: 'm0005' } });
    expect(page.text()).toContain('只有组织管理员可以授予角色');
  });
});
