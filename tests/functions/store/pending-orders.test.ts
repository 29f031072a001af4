import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import type { OrdersPendingResult, RedeemResult } from '../../../core/contracts/store';
import { points } from '../../../core/functions/points';
import { store } from '../../../core/functions/store';
import { chinaTime } from '../../../core/domain/time';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../../emulator/functions';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import type { MemberDoc } from '../../../core/domain/org/model';
import { bindMembers, createItem, fund, rid } from './helpers';

// The keeper's list of orders waiting to be handed out, and the member's 'ready for pickup' notice.
let cloud: LocalCloud;
let call: Call;
const NOW = chinaTime('2026-11-23 10:00:00');
const clock = fixedClock(NOW);
const main = store({ clock });

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, main);
});
afterAll(() => cloud.close());

const used = new Set<string>();
/** A member of `orgId` no other test here used, not staff. */
function freshMemberOf(orgId: string): string {
  const all = cloud.store.find('members', { ancestors: orgId }, { limit: 10_000, order: { _id: 1 } }) as unknown as MemberDoc[];
  const m = all.find((x) => !used.has(x._id) && x.roles.length === 0 && x.status === 'active');
  if (!m) throw new Error(`no free member under ${orgId}`);
  used.add(m._id);
  return m._id;
}
async function redeemAt(storeOrgId: string, scope: string, keeper: string) {
  const id = freshMemberOf(scope === 'county' ? 't2' : scope);
  const [openid] = await bindMembers(cloud, [id]);
  await fund(cloud, [id], 100, NOW, `pend${id}`);
  const item = await createItem(call, { storeOrgId, scopeOrgIds: [scope], cost: 10, stock: 5 }, keeper);
  const { order } = expectOk(await call<RedeemResult>(openid, { action: 'redeem', itemId: item.itemId, requestId: rid('p') }));
  return { id, openid, order };
}

describe('store.orders.pending', () => {
  it('lists the orders of the keeper’s stores, oldest first, with the member and without the pickup code', async () => {
    const a = await redeemAt('t1', 't1', 'demo-admin-t1');
    const other = await redeemAt('county', 'county', 'demo-admin-county');
    const mine = expectOk(await call<OrdersPendingResult>('demo-keeper-t1', { action: 'orders.pending' })).orders;
    const ids = mine.map((o) => o.orderId);
    expect(ids).toContain(a.order.orderId);
    // the county store is above the town keeper's grant
    expect(ids).not.toContain(other.order.orderId);
    expect(mine.find((o) => o.orderId === a.order.orderId)).toMatchObject({ memberId: a.id, status: 'pending', pickupCode: null, storeOrgId: 't1' });
    expect(mine.map((o) => o.createdAt)).toEqual([...mine.map((o) => o.createdAt)].sort());
    // the county admin keeps every store
    const county = expectOk(await call<OrdersPendingResult>('demo-admin-county', { action: 'orders.pending' })).orders.map((o) => o.orderId);
    expect(county).toEqual(expect.arrayContaining([a.order.orderId, other.order.orderId]));
  });

  it('drops an order once it is handed out', async () => {
    const a = await redeemAt('t1', 't1', 'demo-admin-t1');
    expectOk(await call('demo-keeper-t1', { action: 'orders.fulfil', pickupCode: a.order.pickupCode }));
    const ids = expectOk(await call<OrdersPendingResult>('demo-keeper-t1', { action: 'orders.pending' })).orders.map((o) => o.orderId);
    expect(ids).not.toContain(a.order.orderId);
  });

  it('is refused to a member, and costs 2 requests', async () => {
    expect(await call('demo-member-b01', { action: 'orders.pending' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const r = await cloud.invoke<Result<OrdersPendingResult>>(main as never, { action: 'orders.pending' }, { openid: 'demo-keeper-t1' });
    expect(r.result.ok).toBe(true);
    expect(r.dbRequests).toBe(2);
  });
});

describe('the ready-for-pickup notice', () => {
  it('is queued for the redeeming member in the order’s transaction and sent by the outbox with the orderReady template', async () => {
    const a = await redeemAt('t1', 't1', 'demo-admin-t1');
    expect(cloud.store.getById('outbox', `ntf:orderReady:${a.order.orderId}`)).toMatchObject({
      memberId: a.id,
      template: 'orderReady',
      status: 'pending',
      data: { item: '测试商品', code: a.order.pickupCode },
    });
    const before = cloud.openApiCalls.length;
    // the points function's minute tick runs the outbox sender (named here: another function may also call its trigger 'tick')
    const config = readFunctionConfigs(FUNCTIONS_ROOT).get('points');
    if (!config) throw new Error('no cloudfunctions/points/config.json');
    await cloud.fireTimer(points({ clock }) as never, 'tick', NOW, { name: 'points', config });
    const sent = cloud.openApiCalls.slice(before).filter((c) => c.api === 'subscribeMessage.send' && JSON.stringify(c.params).includes(a.order.pickupCode ?? '-'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ fn: 'points', params: { touser: a.openid, template_id: 'local-orderReady', page: 'pages/store/orders/index' } });
    expect(cloud.store.getById('outbox', `ntf:orderReady:${a.order.orderId}`)).toMatchObject({ status: 'sent' });
  });
});
