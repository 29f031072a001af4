import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ClaimsListResult } from '../../../core/contracts/points';
import { demoGridLeader, demoMember, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { claim, mockWx } from './support';

beforeEach(resetWx);

const mine: ClaimsListResult = {
  items: [
    claim({ id: 'c3' }),
    claim({ id: 'c2', status: 'rejected', reason: '照片无法看清，请补充', decidedAt: '2026-11-22T01:00:00.000Z', deciderName: '张卫东' }),
    claim({ id: 'c1', status: 'approved', entryId: 'clm:c1', decidedAt: '2026-11-21T01:00:00.000Z', deciderName: '张卫东', onBehalf: true, reporterId: 'm0002', reporterName: '赵明' }),
    claim({ id: 'c0', status: 'withdrawn' }),
  ],
  nextOffset: null,
};

describe('我的申报', () => {
  it('shows each claim with its status, the rejection reason and who decided', async () => {
    const page = await loadPage('pages/points/claims/index', { stub: { 'auth.me': ok(demoMember), 'points.claims.list': ok(mine) } });
    const text = page.text();
    for (const s of ['待审核', '未通过', '已通过', '已撤回']) expect(text).toContain(s);
    expect(text).toContain('未通过原因：照片无法看清，请补充');
    expect(text).toContain('处理：张卫东 2026-11-22 09:00');
    expect(text).toContain('网格长赵明代报');
    expect(rendered(page, 't-tag')).toBe(true);
    expect(page.backend!.calls.find((c) => c.action === 'claims.list')?.payload).toEqual({ box: 'mine', limit: 20 });
  });

  it('withdraws a pending claim after confirmation, and only a pending one offers it', async () => {
    let withdrawn = false;
    const page = await loadPage('pages/points/claims/index', {
      stub: {
        'auth.me': ok(demoMember),
        'points.claims.list': () => ok(withdrawn ? { ...mine, items: [claim({ id: 'c3', status: 'withdrawn' })] } : mine),
        'points.claims.withdraw': () => {
          withdrawn = true;
          return ok({ claimId: 'c3', status: 'withdrawn', entryId: null, eval: 0, redeem: 0, decidedAt: '2026-11-23T03:00:00.000Z' });
        },
      },
    });
    expect(page.find('.withdraw-c2')).toBeUndefined();
    await page.tap('.withdraw-c3');
    expect(page.backend!.calls.some((c) => c.action === 'claims.withdraw')).toBe(false);
    await page.tap('#withdraw-dialog >>> .t-dialog__button--confirm');
    expect(page.backend!.calls.find((c) => c.action === 'claims.withdraw')?.payload).toEqual({ claimId: 'c3' });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已撤回', icon: 'success' });
    expect(page.find('.withdraw-c3')).toBeUndefined();
  });

  it('previews a claim photo', async () => {
    const { previewImage } = mockWx({ previewImage: () => undefined });
    const page = await loadPage('pages/points/claims/index', { stub: { 'auth.me': ok(demoMember), 'points.claims.list': ok(mine) } });
    await page.tap('.card-c3 .card-photo');
    expect(previewImage).toHaveBeenCalledWith({ urls: ['https://tmp.example/a.jpg'], current: 'https://tmp.example/a.jpg' });
  });

  it('lets a grid leader switch to the claims they reported', async () => {
    const page = await loadPage('pages/points/claims/index', { stub: { 'auth.me': ok(demoGridLeader), 'points.claims.list': ok(mine) } });
    await page.tap('.box-reported');
    expect(page.backend!.calls.filter((c) => c.action === 'claims.list').pop()?.payload).toEqual({ box: 'reported', limit: 20 });
  });

  it('says so when there are none, and offers to claim', async () => {
    const page = await loadPage('pages/points/claims/index', { stub: { 'auth.me': ok(demoMember), 'points.claims.list': ok({ items: [], nextOffset: null }) } });
    expect(page.text()).toContain('还没有申报记录');
    await page.tap('.new-btn');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/points/claim/index' });
  });

  it('sends an unbound user to binding', async () => {
    const page = await loadPage('pages/points/claims/index', { stub: { 'auth.me': fail('NOT_BOUND') } });
    await page.tap('#state >>> .t-button');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/bind/index' });
  });
});
