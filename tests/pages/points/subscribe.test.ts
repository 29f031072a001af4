import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ClaimsSubmitResult } from '../../../core/contracts/points';
import type { RedeemResult } from '../../../core/contracts/store';
import { demoMember, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { itemsList, order } from '../store/store-fixtures';
import { catalog, claim, typeInto } from './support';

// Subscribe messages are asked for at the moments a member wants to hear back, with the template
// ids of cloudbase/subscribe-templates.json (miniprogram/generated/env.ts; local placeholders here).
type SubscribeOptions = { tmplIds: string[]; success?: (r: Record<string, string>) => void; fail?: () => void };
const subscribe = jest.fn((o: SubscribeOptions) => o.success?.(Object.fromEntries([['errMsg', 'requestSubscribeMessage:ok'], ...o.tmplIds.map((id) => [id, 'accept'])])));

beforeEach(() => {
  resetWx();
  subscribe.mockClear();
  Object.assign(wx, { requestSubscribeMessage: subscribe });
});

describe('subscribe requests', () => {
  it('申报积分 asks for the review result (approved, rejected) and points expiring, before submitting', async () => {
    const submitted: ClaimsSubmitResult = { claim: claim({ id: 'c-new' }), duplicate: false };
    const page = await loadPage('pages/points/claim/index', {
      stub: { 'auth.me': ok(demoMember), 'points.rules.list': ok({ rules: catalog.filter((r) => r.trigger === 'claim') }), 'points.claims.submit': ok(submitted) },
    });
    await page.tap('.rule-DUTY_FULFILLED');
    await typeInto(page, '.f-note', '参加支部学习');
    await page.tap('.submit-btn');
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe.mock.calls[0][0].tmplIds).toEqual(['local-claimApproved', 'local-claimRejected', 'local-pointsExpiring']);
    expect(page.backend!.calls.some((c) => c.action === 'claims.submit')).toBe(true);
  });

  it('兑换 asks for ready-for-pickup and order-expiring notices when the member confirms', async () => {
    const redeemed: RedeemResult = { order: order(), duplicate: false };
    const page = await loadPage('pages/store/index', { stub: { 'store.items.list': ok(itemsList), 'store.redeem': ok(redeemed) } });
    await page.tap('.redeem-itm-demo-b01-towel');
    expect(subscribe).not.toHaveBeenCalled();
    await page.tap('#redeem-dialog >>> .t-dialog__button--confirm');
    expect(subscribe).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-orderReady', 'local-orderExpired'] }));
    expect(page.backend!.calls.filter((c) => c.action === 'redeem')).toHaveLength(1);
  });

  it('a refused or failed request never blocks the claim', async () => {
    subscribe.mockImplementation((o: SubscribeOptions) => o.fail?.());
    const page = await loadPage('pages/points/claim/index', {
      stub: {
        'auth.me': ok(demoMember),
        'points.rules.list': ok({ rules: catalog.filter((r) => r.trigger === 'claim') }),
        'points.claims.submit': ok({ claim: claim({ id: 'c-2' }), duplicate: false }),
      },
    });
    await page.tap('.rule-DUTY_FULFILLED');
    await typeInto(page, '.f-note', '参加支部学习');
    await page.tap('.submit-btn');
    expect(page.backend!.calls.some((c) => c.action === 'claims.submit')).toBe(true);
  });
});
