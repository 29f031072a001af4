import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { detail, t1Tree } from './org-fixtures';

beforeEach(resetWx);

const confirmWith = (content = '') =>
  (wx.showModal as jest.Mock).mockImplementation(((o: { success?: (r: { confirm: boolean; cancel: boolean; content?: string }) => void }) =>
    o.success?.({ confirm: true, cancel: false, content })) as never);

describe('党员详情 (member detail)', () => {
  it('shows the member with a masked phone to a secretary, without admin actions', async () => {
    const page = await loadPage('staff/pages/org/member/index', { stub: { 'org.members.get': ok(detail({ can: { unbind: false, grant: false } })) }, query: { id: 'm0005' } });
    const text = page.text();
    expect(text).toContain('李建华');
    expect(text).toContain('138****1005');
    expect(text).toContain('仅所在组织的管理员可见完整号码');
    expect(text).toContain('已绑定（2026-11-20 10:00）');
    expect(text).toContain('网格长');
    expect(page.find('.grant-btn')).toBeUndefined();
    expect(page.find('.unbind-btn')).toBeUndefined();
    expect(page.find('.transfer-btn')).toBeUndefined();
  });

  it('shows the full phone to an admin', async () => {
    const page = await loadPage('staff/pages/org/member/index', { stub: { 'org.members.get': ok(detail({ phone: '13812341005', phoneMasked: false })) }, query: { id: 'm0005' } });
    expect(page.text()).toContain('13812341005');
    expect(page.text()).not.toContain('仅所在组织的管理员可见完整号码');
  });

  it('unbinds with a reason after confirming, then reloads', async () => {
    confirmWith('更换手机');
    let bound = true;
    const page = await loadPage('staff/pages/org/member/index', {
      stub: {
        'org.members.get': () => ok(detail({ bound })),
        'org.members.unbind': () => {
          bound = false;
          return ok({ memberId: 'm0005', bound: false, changed: true });
        },
      },
      query: { id: 'm0005' },
    });
    await page.tap('.unbind-btn');
    await page.flush();
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['members.get', 'members.unbind', 'members.get']);
    expect(page.backend?.calls[1].payload).toEqual({ memberId: 'm0005', reason: '更换手机' });
    expect(page.text()).toContain('未绑定');
    expect(page.find('.unbind-btn')).toBeUndefined();
  });

  it('does not unbind without a reason', async () => {
    confirmWith(' ');
    const page = await loadPage('staff/pages/org/member/index', { stub: { 'org.members.get': ok(detail()) }, query: { id: 'm0005' } });
    await page.tap('.unbind-btn');
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['members.get']);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请填写解除绑定的原因' }));
  });

  it('revokes a role after confirming', async () => {
    confirmWith();
    const page = await loadPage('staff/pages/org/member/index', {
      stub: { 'org.members.get': ok(detail()), 'org.roles.revoke': ok({ memberId: 'm0005', roles: [], changed: true }) },
      query: { id: 'm0005' },
    });
    await page.tap('.role-0');
    await page.flush();
    expect(page.backend?.calls[1]).toMatchObject({ action: 'roles.revoke', payload: { memberId: 'm0005', role: 'gridLeader', orgId: 'b01g1' } });
  });

  it('shows the server’s refusal of a revoke', async () => {
    confirmWith();
    const page = await loadPage('staff/pages/org/member/index', { stub: { 'org.members.get': ok(detail()), 'org.roles.revoke': fail('FORBIDDEN') }, query: { id: 'm0005' } });
    await page.tap('.role-0');
    await page.flush();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '没有权限进行此操作' }));
  });

  it('moves the member to a branch the admin picks, with a reason, then reloads', async () => {
    confirmWith('工作调动');
    const page = await loadPage('staff/pages/org/member/index', {
      stub: {
        'org.members.get': ok(detail()),
        'org.tree': ok(t1Tree),
        'org.members.transfer': ok({ memberId: 'm0005', fromBranchId: 'b01', toBranchId: 'b02', toBranchName: '文化路社区党支部', claimsMoved: 1, changed: true }),
      },
      query: { id: 'm0005' },
    });
    expect(page.find('.branch-0')).toBeUndefined();
    await page.tap('.transfer-btn');
    // the branches of the admin's scope but the member's own
    expect(page.find('.branch-1')).toBeUndefined();
    expect(page.text()).toContain('选择转入的支部');
    expect(page.text()).toContain('文化路社区党支部');
    await page.tap('.branch-0');
    await page.flush();
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['members.get', 'tree', 'members.transfer', 'members.get']);
    expect(page.backend?.calls[2].payload).toEqual({ memberId: 'm0005', toBranchId: 'b02', reason: '工作调动' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已转入文化路社区党支部' }));
    expect(page.find('.branch-0')).toBeUndefined();
  });

  it('does not transfer without a reason', async () => {
    confirmWith(' ');
    const page = await loadPage('staff/pages/org/member/index', { stub: { 'org.members.get': ok(detail()), 'org.tree': ok(t1Tree) }, query: { id: 'm0005' } });
    await page.tap('.transfer-btn');
    await page.tap('.branch-0');
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['members.get', 'tree']);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请填写组织关系转接的原因' }));
  });

  it('opens the role grant page', async () => {
    const page = await loadPage('staff/pages/org/member/index', { stub: { 'org.members.get': ok(detail()) }, query: { id: 'm0005' } });
    await page.tap('.grant-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/staff/pages/org/grant/index?memberId=m0005&name=${encodeURIComponent('李建华')}` });
  });
});
