import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { MeResult } from '../../../core/contracts/auth';
import { demoAdmin, demoMember, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { b01Tree, t1Tree } from './org-fixtures';

beforeEach(resetWx);

describe('组织管理 (org tree browser)', () => {
  it('shows the admin’s town with counts, the admin entries and its branches', async () => {
    const page = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree) } });
    const text = page.text();
    expect(text).toContain('青年路街道党工委');
    expect(text).toContain('党员 104 人（正常 103 人）');
    expect(text).toContain('当前身份：刘芳 · 街镇管理员 · 青年路街道党工委');
    for (const entry of ['党员花名册', '导入花名册', '操作记录']) expect(text).toContain(entry);
    expect(text).not.toContain('绑定邀请码');
    expect(text).toContain('青年路社区党支部');
    expect(text).toContain('文化路社区党支部');
    expect(text).not.toContain('第一党小组'); // grandchildren are one level further down
    expect(page.backend?.calls.find((c) => c.action === 'tree')?.payload).toEqual({ rootId: 't1' });
    expect(rendered(page, 't-cell')).toBe(true);
  });

  it('goes down a level when a child org is tapped', async () => {
    const page = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree) } });
    await page.tap('.child-b02');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/staff/pages/org/index?orgId=b02' }));
  });

  it('opens the roster, the import and the audit log of the node', async () => {
    const page = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': ok(t1Tree) } });
    const q = encodeURIComponent('青年路街道党工委');
    await page.tap('.go-members');
    await page.tap('.go-import');
    await page.tap('.go-audit');
    expect((wx.navigateTo as jest.Mock).mock.calls.map((c: unknown[]) => (c[0] as { url: string }).url)).toEqual([
      `/staff/pages/org/members/index?orgId=t1&name=${q}`,
      `/staff/pages/org/import/index?orgId=t1&name=${q}`,
      `/staff/pages/org/audit/index?orgId=t1&name=${q}`,
    ]);
  });

  it('shows a secretary the branch with its settings, grids and the invite code, without admin entries', async () => {
    const page = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoSecretary), 'org.tree': ok(b01Tree) } });
    const text = page.text();
    expect(text).toContain('奉献日：每月 6 日');
    expect(text).toContain('第一责任人：张卫东');
    expect(text).toContain('0371-6001 · 青年路社区党群服务中心');
    expect(text).toContain('绑定邀请码');
    expect(text).not.toContain('导入花名册');
    expect(text).not.toContain('操作记录');
    expect(text).toContain('第二党小组（2号网格）');
  });

  it('starts from the acting org chosen in 我的 when the person holds several roles', async () => {
    const twoRoles: MeResult = { ...demoAdmin, roles: [...demoAdmin.roles, { role: 'secretary', orgId: 'b01', orgName: '青年路社区党支部' }] };
    wx.setStorageSync('acting.grant', { role: 'secretary', orgId: 'b01' });
    const page = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(twoRoles), 'org.tree': ok(b01Tree) } });
    expect(page.backend?.calls.find((c) => c.action === 'tree')?.payload).toEqual({ rootId: 'b01' });
    expect(page.text()).toContain('当前身份：刘芳 · 支部书记 · 青年路社区党支部');
  });

  it('tells a member without a staff role that this is for staff', async () => {
    const page = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(page.text()).toContain('组织管理仅对支部书记、网格长、管理员等开放');
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['me']);
  });

  it('shows FORBIDDEN without a retry, and a network failure with one', async () => {
    const denied = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': fail('FORBIDDEN') } });
    expect(denied.text()).toContain('没有权限进行此操作');
    expect(denied.find('#state >>> .t-button')).toBeUndefined();
    resetWx();
    const offline = await loadPage('staff/pages/org/index', { stub: { 'auth.me': ok(demoAdmin), 'org.tree': { fault: 'network' } } });
    expect(offline.find('#state >>> .t-button')).toBeDefined();
  });
});
