import { beforeEach, describe, expect, it } from '@jest/globals';
import * as simulate from 'miniprogram-simulate';
import { fail, ok } from '../fixtures';
import { loadPage, resetWx, type PageHandle } from '../harness';
import { item, page1, page2 } from './org-fixtures';

beforeEach(resetWx);

async function search(page: PageHandle, q: string) {
  const input = page.find('.search >>> .t-input__keyword');
  if (!input) throw new Error('no search input');
  input.dispatchEvent('input', { detail: { value: q } });
  await simulate.sleep(0);
  input.dispatchEvent('confirm', { detail: { value: q } });
  await page.flush();
}

describe('党员花名册 (member list)', () => {
  it('lists the org’s members with masked phones as the server sent them, and the total', async () => {
    const page = await loadPage('staff/pages/org/members/index', { stub: { 'org.members.list': ok(page1) }, query: { orgId: 'b01' } });
    expect(page.text()).toContain('共 22 人');
    expect(page.text()).toContain('党员1');
    expect(page.text()).toContain('138****1001');
    expect(page.backend?.calls[0].payload).toEqual({ orgId: 'b01', limit: 50 });
  });

  it('loads the next page with the cursor and appends it', async () => {
    const page = await loadPage('staff/pages/org/members/index', {
      stub: { 'org.members.list': (p: Record<string, unknown>) => ok(p.cursor === 'm0012' ? page2 : page1) },
      query: { orgId: 'b01' },
    });
    await page.tap('.more-btn');
    expect(page.backend?.calls[1].payload).toEqual({ orgId: 'b01', limit: 50, cursor: 'm0012' });
    expect(page.text()).toContain('党员22');
    expect(page.text()).toContain('已显示全部');
    expect(page.instance.data.rows).toHaveLength(22);
  });

  it('searches by name', async () => {
    const page = await loadPage('staff/pages/org/members/index', {
      stub: { 'org.members.list': (p: Record<string, unknown>) => ok(p.q ? { items: [item(7, { name: '王建国' })], total: 1, nextCursor: null } : page1) },
      query: { orgId: 'b01' },
    });
    await search(page, '王');
    expect(page.backend?.calls[1].payload).toEqual({ orgId: 'b01', q: '王', limit: 50 });
    expect(page.text()).toContain('王建国');
    expect(page.text()).toContain('共 1 人');
  });

  it('filters by status and by not-yet-bound with the chips', async () => {
    const page = await loadPage('staff/pages/org/members/index', { stub: { 'org.members.list': ok(page1) }, query: { orgId: 'b01' } });
    await page.tap('.chip-transferred');
    await page.tap('.chip-unbound');
    expect(page.backend?.calls.slice(1).map((c) => c.payload)).toEqual([
      { orgId: 'b01', status: 'transferred', limit: 50 },
      { orgId: 'b01', bound: false, limit: 50 },
    ]);
  });

  it('describes each member: group, party status, standing, flow, binding', async () => {
    const odd = item(9, { partyStatus: 'probationary', status: 'transferred', flow: true, bound: false, group: null });
    const page = await loadPage('staff/pages/org/members/index', { stub: { 'org.members.list': ok({ items: [odd], total: 1, nextCursor: null }) } });
    expect(page.text()).toContain('青年路社区党支部 · 预备党员 · 已转出 · 流动党员 · 未绑定');
  });

  it('opens a member’s detail', async () => {
    const page = await loadPage('staff/pages/org/members/index', { stub: { 'org.members.list': ok(page1) } });
    await page.tap('.member-m0003');
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/staff/pages/org/member/index?id=m0003' }));
  });

  it('says when nothing matches, and shows FORBIDDEN without retry', async () => {
    const none = await loadPage('staff/pages/org/members/index', { stub: { 'org.members.list': ok({ items: [], total: 0, nextCursor: null }) } });
    expect(none.text()).toContain('没有符合条件的党员');
    resetWx();
    const denied = await loadPage('staff/pages/org/members/index', { stub: { 'org.members.list': fail('FORBIDDEN') }, query: { orgId: 'b02' } });
    expect(denied.text()).toContain('没有权限进行此操作');
    expect(denied.find('#state >>> .t-button')).toBeUndefined();
  });
});
