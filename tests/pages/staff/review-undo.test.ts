import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ClaimsListResult, CreditResult } from '../../../core/contracts/points';
import { fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { claim, typeInto } from '../points/support';

beforeEach(resetWx);

const pending: ClaimsListResult = { items: [claim({ id: 'q1', memberName: '陈刚' })], nextOffset: null };
const approved: ClaimsListResult = {
  items: [
    claim({ id: 'a1', memberName: '李建华', status: 'approved', entryId: 'clm:a1', decidedAt: '2026-11-23T02:00:00.000Z', deciderName: '张卫东' }),
    claim({ id: 'a2', memberName: '王晓燕', status: 'approved', entryId: 'clm:a2', decidedAt: '2026-11-22T02:00:00.000Z', deciderName: '张卫东' }),
  ],
  nextOffset: null,
};
const credit = (entryId: string): CreditResult => ({ entryId: `rev:${entryId}`, memberId: 'm0005', eval: -5, redeem: -5, ruleId: 'PIONEER_POST@1', at: '2026-11-23T03:00:00.000Z', duplicate: false });
const lists = { 'points.claims.list': (p: Record<string, unknown>) => ok(p.status === 'approved' ? approved : pending) };

describe('撤销通过 (undoing a mistaken approval from the claim)', () => {
  it('lists recent approvals, newest decision first, with who approved them', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: lists });
    await page.tap('#box-approved');
    expect(page.backend!.calls.at(-1)!.payload).toEqual({ box: 'review', status: 'approved', limit: 20 });
    expect(page.text()).toContain('李建华');
    expect(page.text()).toContain('张卫东 通过于 2026-11-23 10:00');
    expect(page.find('.undo-a1')).toBeDefined();
    // no approve/reject on a decided claim, no batch toolbar
    expect(page.find('.approve-a1')).toBeUndefined();
    expect(page.find('.batch-btn')).toBeUndefined();
  });

  it('reverses the approval’s credit with the reason given, and marks the claim undone', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: { ...lists, 'points.ledger.reverse': (p: Record<string, unknown>) => ok(credit(String(p.entryId))) } });
    await page.tap('#box-approved');
    await page.tap('.undo-a1');
    expect(page.text()).toContain('撤销 李建华 的');
    // a reason is required: nothing is sent without one
    page.invoke('onUndoConfirm');
    await page.flush();
    expect(page.instance.data.undo).toMatchObject({ visible: true, error: '请填写撤销原因，会记入审计并告知党员' });
    expect(page.backend!.calls.some((c) => c.action === 'ledger.reverse')).toBe(false);
    await typeInto(page, '.f-undo-reason', '误点通过，应予驳回');
    page.invoke('onUndoConfirm');
    await page.flush();
    expect(page.backend!.calls.find((c) => c.action === 'ledger.reverse')?.payload).toEqual({ entryId: 'clm:a1', reason: '误点通过，应予驳回' });
    expect(page.find('.undone-a1')?.dom?.textContent).toContain('已撤销，积分已冲正');
    expect(page.find('.undo-a1')).toBeUndefined();
    expect(page.find('.undo-a2')).toBeDefined();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已撤销，积分已冲正', icon: 'none' });
  });

  it('keeps the dialog open with the server’s reason (points already spent)', async () => {
    const page = await loadPage('staff/pages/review/index', {
      stub: { ...lists, 'points.ledger.reverse': fail('INSUFFICIENT_POINTS', { message: '该党员的兑换积分已用掉，无法冲正' }) },
    });
    await page.tap('#box-approved');
    await page.tap('.undo-a2');
    await page.tap('.undo-quick-0');
    page.invoke('onUndoConfirm');
    await page.flush();
    expect(page.instance.data.undo).toMatchObject({ visible: true, error: '该党员的兑换积分已用掉，无法冲正' });
    expect(page.find('.undone-a2')).toBeUndefined();
  });

  it('goes back to the queue', async () => {
    const page = await loadPage('staff/pages/review/index', { stub: lists });
    await page.tap('#box-approved');
    await page.tap('#box-pending');
    expect(page.backend!.calls.at(-1)!.payload).toEqual({ box: 'review', limit: 20 });
    expect(page.find('.approve-q1')).toBeDefined();
  });
});

describe('待审核提醒 (the approver is asked once, on opening the queue)', () => {
  type SubscribeOptions = { tmplIds: string[]; success?: (r: Record<string, string>) => void };
  const subscribe = jest.fn((o: SubscribeOptions) => o.success?.(Object.fromEntries(o.tmplIds.map((id) => [id, 'accept']))));

  it('offers the notice on first open and asks with the claimToReview template id', async () => {
    Object.assign(wx, { requestSubscribeMessage: subscribe });
    const page = await loadPage('staff/pages/review/index', { stub: lists });
    expect(page.find('#ask-notice')).toBeDefined();
    await page.tap('#ask-notice-btn');
    expect(subscribe).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-claimToReview'] }));
    expect(page.find('#ask-notice')).toBeUndefined();
    expect(wx.showToast).toHaveBeenCalledWith({ title: '有新申报时会通过微信通知您', icon: 'none' });
    // the next time the queue opens, it is not offered again
    const again = await loadPage('staff/pages/review/index', { stub: lists });
    expect(again.find('#ask-notice')).toBeUndefined();
  });

  it('does not ask again once declined', async () => {
    subscribe.mockClear();
    const page = await loadPage('staff/pages/review/index', { stub: lists });
    await page.tap('#skip-notice-btn');
    expect(subscribe).not.toHaveBeenCalled();
    const again = await loadPage('staff/pages/review/index', { stub: lists });
    expect(again.find('#ask-notice')).toBeUndefined();
  });
});
