import { beforeEach, describe, expect, it } from '@jest/globals';
import type { MeResult } from '../../../core/contracts/auth';
import { demoAdmin, demoMember, demoSecretary, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { mockWx } from './support';

beforeEach(resetWx);

const twoRoles: MeResult = { ...demoAdmin, roles: [...demoAdmin.roles, { role: 'storeKeeper', orgId: 'b01', orgName: '青年路社区党支部' }] };

describe('我的 → 管理 (acting org)', () => {
  it('offers 组织管理 to staff and shows the acting role', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoSecretary) } });
    expect(page.text()).toContain('组织管理');
    expect(page.text()).toContain('支部书记 · 青年路社区党支部');
    expect(page.text()).not.toContain('青年路社区党支部切换');
    await page.tap('.org-link');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/staff/pages/org/index' }));
  });

  it('lets a person with several roles switch the acting one, remembered for staff pages', async () => {
    const sheet = mockWx({ showActionSheet: (o: { itemList: string[]; success: (r: { tapIndex: number }) => void }) => o.success({ tapIndex: 1 }) });
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(twoRoles) } });
    expect(page.text()).toContain('街镇管理员 · 青年路街道党工委');
    await page.tap('.acting-switch');
    expect(sheet.showActionSheet).toHaveBeenCalledWith(expect.objectContaining({ itemList: ['街镇管理员 · 青年路街道党工委', '积分超市管理员 · 青年路社区党支部'] }));
    expect(wx.getStorageSync('acting.grant')).toEqual({ role: 'storeKeeper', orgId: 'b01' });
    expect(page.text()).toContain('积分超市管理员 · 青年路社区党支部');
  });

  it('shows no 管理 section to a member without staff roles', async () => {
    const page = await loadPage('pages/me/index', { stub: { 'auth.me': ok(demoMember) } });
    expect(page.text()).not.toContain('组织管理');
  });
});
