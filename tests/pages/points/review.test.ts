import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ClaimsApproveBatchResult, ClaimsListResult } from '../../../core/contracts/points';
import { fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { claim, mockWx, typeInto } from './support';

beforeEach(resetWx);

const queue: ClaimsListResult = {
  items: [
    claim({ id: 'q1', memberName: '李建华', createdAt: '2026-11-20T01:00:00.000Z', photoUrls: ['https://tmp.example/1.jpg', ''], photos: ['cloud://x/1.jpg', 'cloud://x/2.jpg'] }),
    claim({
      id: 'q2',
      memberName: '王晓燕',
      createdAt: '2026-11-21T01:00:00.000Z',
      onBehalf: true,
      reporterId: 'm0002',
      reporterName: '赵明',
      rule: { id: 'GRID_ISSUE_REPORTED@1', code: 'GRID_ISSUE_REPORTED', name: '网格问题上报', version: 1, evalPoints: 1, redeemPoints: 1, evidence: 'photo' },
    }),
    claim({ id: 'q3', memberName: '陈刚', createdAt: '2026-11-22T01:00:00.000Z', photos: [], photoUrls: [] }),
  ],
  nextOffset: null,
};
const decided = (claimId: string) => ok({ claimId, status: 'approved', entryId: `clm:${claimId}`, eval: 5, redeem: 5, decidedAt: '2026-11-23T02:00:00.000Z' });

describe('待审核申报 (review queue)', () => {
  it('shows pending claims in the order the server gives (oldest first) with photos, proxy reports and missing files', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue) } });
    expect(page.backend!.calls[0].payload).toEqual({ box: 'review', limit: 20 });
    const text = page.text();
    expect(text.indexOf('李建华')).toBeLessThan(text.indexOf('王晓燕'));
    expect(text.indexOf('王晓燕')).toBeLessThan(text.indexOf('陈刚'));
    expect(text).toContain('网格长赵明代报');
    expect(text).toContain('1 张照片已无法查看');
    expect(text).toContain('提交于 2026-11-20 09:00');
    expect(rendered(page, 't-button')).toBe(true);
  });

  it('previews a photo full screen', async () => {
    const { previewImage } = mockWx({ previewImage: () => undefined });
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue) } });
    await page.tap('.photo-q1-0');
    expect(previewImage).toHaveBeenCalledWith({ urls: ['https://tmp.example/1.jpg'], current: 'https://tmp.example/1.jpg' });
  });

  it('approves one claim and takes it off the queue', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue), 'points.claims.approve': (p: { claimId: string }) => decided(p.claimId) } });
    await page.tap('.approve-q2');
    expect(page.backend!.calls.find((c) => c.action === 'claims.approve')?.payload).toEqual({ claimId: 'q2' });
    expect(page.find('.card-q2')).toBeUndefined();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已通过', icon: 'success' });
  });

  it('offers to reject a claim over its cap, with the reason filled in', async () => {
    const page = await loadPage('staff/pages/review/index', {
      stub: {
        'points.claims.list': ok(queue),
        'points.claims.approve': fail('CAP_EXCEEDED'),
        'points.claims.reject': ok({ claimId: 'q1', status: 'rejected', entryId: null, eval: 0, redeem: 0, decidedAt: '2026-11-23T02:00:00.000Z' }),
      },
    });
    await page.tap('.approve-q1');
    expect(page.text()).toContain('已达到该积分项目的周期上限');
    expect(page.instance.data.reject).toMatchObject({ visible: true, claimId: 'q1', reason: '已达到该积分项目的周期上限' });
    await page.tap('#reject-dialog >>> .t-dialog__button--confirm');
    expect(page.backend!.calls.find((c) => c.action === 'claims.reject')?.payload).toEqual({ claimId: 'q1', reason: '已达到该积分项目的周期上限' });
    expect(page.find('.card-q1')).toBeUndefined();
  });

  it('needs a reason to reject, then sends the one typed', async () => {
    const page = await loadPage('staff/pages/review/index', {
      stub: { 'points.claims.list': ok(queue), 'points.claims.reject': ok({ claimId: 'q3', status: 'rejected', entryId: null, eval: 0, redeem: 0, decidedAt: '2026-11-23T02:00:00.000Z' }) },
    });
    await page.tap('.reject-q3');
    await page.tap('#reject-dialog >>> .t-dialog__button--confirm');
    expect(page.text()).toContain('请填写驳回原因');
    expect(page.backend!.calls.some((c) => c.action === 'claims.reject')).toBe(false);
    await typeInto(page, '.f-reason', '与实际情况不符，请核实');
    await page.tap('#reject-dialog >>> .t-dialog__button--confirm');
    expect(page.backend!.calls.find((c) => c.action === 'claims.reject')?.payload).toEqual({ claimId: 'q3', reason: '与实际情况不符，请核实' });
  });

  it('picks a quick reason', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue) } });
    await page.tap('.reject-q3');
    await page.tap('.quick-0');
    expect(page.instance.data.reject).toMatchObject({ reason: '佐证照片不清楚，请补充' });
  });

  it('approves the selected claims in one batch and reports each refusal on its card', async () => {
    const batch: ClaimsApproveBatchResult = {
      results: [
        { claimId: 'q1', ok: true, entryId: 'clm:q1', eval: 5, redeem: 5 },
        { claimId: 'q3', ok: false, code: 'CAP_EXCEEDED', message: '已达到该积分项目的周期上限' },
      ],
      approved: 1,
      failed: 1,
    };
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue), 'points.claims.approveBatch': ok(batch) } });
    await page.tap('.select-q1');
    await page.tap('.select-q3');
    expect(page.text()).toContain('批量通过（2）');
    await page.tap('.batch-btn');
    expect(page.backend!.calls.find((c) => c.action === 'claims.approveBatch')?.payload).toEqual({ claimIds: ['q1', 'q3'] });
    expect(page.text()).toContain('已通过 1 条，1 条未通过');
    expect(page.find('.card-q1')).toBeUndefined();
    expect(page.find('.error-q3')?.dom?.textContent).toBe('已达到该积分项目的周期上限');
  });

  it('selects all (up to 100) and clears the selection', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue) } });
    await page.tap('.select-all-btn');
    expect(page.instance.data.selectedCount).toBe(3);
    await page.tap('.select-all-btn');
    expect(page.instance.data.selectedCount).toBe(0);
  });

  it('drops a claim someone else decided meanwhile', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok(queue), 'points.claims.approve': fail('CLAIM_NOT_PENDING') } });
    await page.tap('.approve-q1');
    expect(page.find('.card-q1')).toBeUndefined();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '该申报已处理或已撤回', icon: 'none' });
  });

  it('shows an empty queue, and FORBIDDEN without a retry', async () => {
    const empty = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': ok({ items: [], nextOffset: null }) } });
    expect(empty.text()).toContain('暂无待审核的积分申报');
    resetWx();
    const member = await loadPage('staff/pages/review/index', { stub: { 'points.claims.list': fail('FORBIDDEN') } });
    expect(member.text()).toContain('没有权限');
    expect(member.find('#state >>> .t-button')).toBeUndefined();
  });
});
