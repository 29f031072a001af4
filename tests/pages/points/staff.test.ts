import { beforeEach, describe, expect, it } from '@jest/globals';
import type { MembersListResult } from '../../../core/contracts/org';
import type { CreditResult, RuleView } from '../../../core/contracts/points';
import { blankForm, formOf, toInput } from '../../../miniprogram/staff/pages/points/rule/form';
import { demoAdmin, demoGridLeader, demoSecretary, fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { catalog, rule, typeInto } from './support';

beforeEach(resetWx);

const member = (id: string, name: string) => ({
  id,
  name,
  phone: '138****0000',
  phoneMasked: true,
  branch: { id: 'b01', name: '青年路社区党支部' },
  group: { id: 'b01g2', name: '第二党小组' },
  partyStatus: 'full' as const,
  status: 'active' as const,
  flow: false,
  joinedAt: null,
  bound: true,
  roles: [],
});
const found: MembersListResult = { items: [member('m0005', '李建华'), member('m0008', '王芳')], total: 2, nextCursor: null };
const awardRules = catalog
  .filter((r) => r.trigger === 'award')
  .concat(rule({ code: 'HONOUR_MONTH_STAR', name: '每月之星', category: 'honour', trigger: 'award', evalPoints: 10, redeemPoints: 5, caps: { month: 1 } }));
const credited: CreditResult = { entryId: 'awd:x', memberId: 'm0005', eval: 10, redeem: 5, ruleId: 'HONOUR_MONTH_STAR@1', at: '2026-11-23T02:00:00.000Z', duplicate: false };

describe('奖励 / 扣减积分', () => {
  const routes = (over: Record<string, unknown> = {}) => ({
    'auth.me': ok(demoSecretary),
    'points.rules.list': ok({ rules: awardRules }),
    'org.members.list': ok(found),
    'points.awards.grant': ok(credited),
    ...over,
  });

  it('finds the member, takes rule and reason, confirms, and grants once with a request id', async () => {
    const page = await loadPage('staff/pages/points/award/index', { stub: routes() as never });
    expect(page.backend!.calls[0].payload).toEqual({ view: 'award' });
    await typeInto(page, '.f-q', '李');
    await page.tap('.search-btn');
    expect(page.backend!.calls.find((c) => c.action === 'members.list')?.payload).toEqual({ q: '李', status: 'active', limit: 20 });
    await page.tap('.member-m0005');
    await page.tap('.rule-HONOUR_MONTH_STAR');
    await typeInto(page, '.f-reason', '11月每月之星');
    await page.tap('.submit-btn');
    expect(page.instance.data.confirm).toMatchObject({ visible: true, content: '奖励 李建华「每月之星」：评价 +10 · 兑换 +5' });
    await page.tap('#award-dialog >>> .t-dialog__button--confirm');
    const grant = page.backend!.calls.find((c) => c.action === 'awards.grant')!.payload as Record<string, string>;
    expect(grant).toEqual({ memberId: 'm0005', ruleCode: 'HONOUR_MONTH_STAR', reason: '11月每月之星', requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已奖励', icon: 'success' });
    expect(page.instance.data.requestId).not.toBe(grant.requestId);
  });

  it('calls a negative rule a deduction', async () => {
    const page = await loadPage('staff/pages/points/award/index', { stub: routes() as never });
    await typeInto(page, '.f-q', '王');
    await page.tap('.search-btn');
    await page.tap('.member-m0008');
    await page.tap('.rule-CRITICISM');
    await typeInto(page, '.f-reason', '会议无故缺席');
    await page.tap('.submit-btn');
    expect(page.instance.data.confirm).toMatchObject({ content: '扣减 王芳「受到通报批评」：评价 -10' });
  });

  it('says what is missing, and shows a refusal from the server', async () => {
    const page = await loadPage('staff/pages/points/award/index', { stub: routes({ 'points.awards.grant': fail('CAP_EXCEEDED') }) as never });
    await page.tap('.submit-btn');
    expect(page.text()).toContain('请先查找并选择党员');
    await typeInto(page, '.f-q', '李');
    await page.tap('.search-btn');
    await page.tap('.member-m0005');
    await page.tap('.rule-HONOUR_MONTH_STAR');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('请填写原因');
    await typeInto(page, '.f-reason', '评选');
    await page.tap('.submit-btn');
    await page.tap('#award-dialog >>> .t-dialog__button--confirm');
    expect(page.text()).toContain('已达到该积分项目的周期上限');
  });
});

describe('代为申报 (grid leader)', () => {
  it("lists the grid's members (not the leader) and opens the claim form for one", async () => {
    const leader = { ...member('m0002', '赵明') };
    const page = await loadPage('staff/pages/points/report/index', { stub: { 'auth.me': ok(demoGridLeader), 'org.members.list': ok({ ...found, items: [leader, ...found.items] }) } });
    expect(page.backend!.calls.find((c) => c.action === 'members.list')?.payload).toEqual({ orgId: 'b01g2', status: 'active', limit: 100 });
    expect(page.find('.member-m0002')).toBeUndefined();
    await page.tap('.member-m0008');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/points/claim/index?memberId=m0008&memberName=${encodeURIComponent('王芳')}` });
    await page.tap('.reported-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/points/claims/index?box=reported' });
  });

  it('explains itself to someone who leads no grid', async () => {
    const page = await loadPage('staff/pages/points/report/index', { stub: { 'auth.me': ok(demoSecretary) } });
    expect(page.text()).toContain('只有网格长可以为党员代为申报');
  });
});

const manage: RuleView[] = [
  { ...catalog[1], version: 1, status: 'superseded', editable: false },
  { ...catalog[1], id: 'VANGUARD@2', version: 2, evalPoints: 6, editable: true },
  { ...catalog[0], editable: true },
  rule({ code: 'ANNUAL_EXPIRY', name: '兑换积分年度清零', category: 'duty', trigger: 'system', evalPoints: 0, redeemPoints: 0, editable: false }),
];

describe('积分规则管理 (org admin)', () => {
  it('shows the current version of each rule with its history, and opens the editable ones', async () => {
    const page = await loadPage('staff/pages/points/rules/index', { stub: { 'points.rules.list': ok({ rules: manage }) } });
    const text = page.text();
    expect(text).toContain('发挥先锋模范作用');
    expect(text).toContain('评价 +6 · 兑换 +5');
    expect(text).toContain('第 2 版，另有 1 个旧版本');
    await page.tap('.rule-VANGUARD');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/staff/pages/points/rule/index?code=VANGUARD' });
    await page.tap('.rule-ANNUAL_EXPIRY');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '该规则由上级或系统维护，不能在此修改', icon: 'none' });
  });

  it('edits the current version: saves with the version it started from', async () => {
    const page = await loadPage('staff/pages/points/rule/index', {
      stub: {
        'auth.me': ok({ ...demoAdmin, roles: [{ role: 'orgAdmin', orgId: 'county', orgName: '中共示范县委' }] }),
        'points.rules.list': ok({ rules: manage }),
        'points.rules.save': ok({ ...manage[1], version: 3 }),
      },
      query: { code: 'VANGUARD' },
    });
    expect(page.text()).toContain('当前为第 2 版');
    await typeInto(page, '.f-eval', '8');
    await typeInto(page, '.f-week', '1');
    await page.tap('.evidence-none');
    await page.tap('.save-btn');
    expect(page.backend!.calls.find((c) => c.action === 'rules.save')?.payload).toEqual({
      code: 'VANGUARD',
      expectedVersion: 2,
      name: '发挥先锋模范作用',
      category: 'vanguard',
      evalPoints: 8,
      redeemPoints: 5,
      trigger: 'claim',
      caps: { week: 1, month: 2 },
      evidence: 'none',
      approverRole: 'secretary',
      description: '',
      scopeOrgId: 'county',
      status: 'active',
    });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存为第 3 版', icon: 'success' });
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  it('asks to reload when someone saved meanwhile', async () => {
    const page = await loadPage('staff/pages/points/rule/index', {
      stub: {
        'auth.me': ok({ ...demoAdmin, roles: [{ role: 'orgAdmin', orgId: 'county', orgName: '中共示范县委' }] }),
        'points.rules.list': ok({ rules: manage }),
        'points.rules.save': fail('CONFLICT'),
      },
      query: { code: 'VANGUARD' },
    });
    await page.tap('.save-btn');
    expect(page.text()).toContain('该规则已被修改或编码已存在，请返回刷新后再改');
  });

  it("creates a town's own rule", async () => {
    const page = await loadPage('staff/pages/points/rule/index', { stub: { 'auth.me': ok(demoAdmin), 'points.rules.save': ok(rule({ code: 'CLEAN_STREET', name: '三捡三提', scopeOrgId: 't1' })) } });
    await typeInto(page, '.f-code', 'clean_street');
    await typeInto(page, '.f-name', '三捡三提');
    await typeInto(page, '.f-eval', '1');
    await typeInto(page, '.f-week', '1');
    await page.tap('.category-volunteer');
    await page.tap('.save-btn');
    expect(page.backend!.calls.find((c) => c.action === 'rules.save')?.payload).toMatchObject({
      code: 'CLEAN_STREET',
      expectedVersion: 0,
      scopeOrgId: 't1',
      caps: { week: 1 },
      evalPoints: 1,
      redeemPoints: 0,
    });
  });

  it('explains itself to someone who administers nothing', async () => {
    const page = await loadPage('staff/pages/points/rule/index', { stub: { 'auth.me': ok(demoSecretary) } });
    expect(page.text()).toContain('只有组织管理员可以维护积分规则');
  });
});

describe('the rule form', () => {
  it.each([
    [{ code: 'x' }, '规则编码'],
    [{ name: ' ' }, '请填写规则名称'],
    [{ evalPoints: 'abc' }, '评价积分'],
    [{ evalPoints: '1001' }, '评价积分'],
    [{ redeemPoints: '-2000' }, '兑换积分'],
    [{ month: '0' }, '次数上限'],
  ])('refuses %p', (over, message) => {
    const r = toInput({ ...blankForm('t1'), code: 'OK_CODE', name: '名称', evalPoints: '1', ...over }, 0);
    expect(r.ok ? '' : r.error).toContain(message);
  });

  it('round-trips a rule, negative points included', () => {
    const r = toInput(formOf(rule({ code: 'CRITICISM', name: '受到通报批评', evalPoints: -10, redeemPoints: 0, trigger: 'award', caps: { year: 3 } })), 1);
    expect(r).toMatchObject({ ok: true, input: { code: 'CRITICISM', evalPoints: -10, redeemPoints: 0, caps: { year: 3 }, expectedVersion: 1, trigger: 'award' } });
  });
});
