import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClaimsSubmitResult } from '../../../core/contracts/points';
import type { MemberDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { points } from '../../../core/functions/points';
import { fixedClock } from '../../../core/runtime/clock';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../../emulator/functions';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { bindAs, photo } from '../../support/ledger';

// A new claim tells its approver (the branch secretary) it waits: 待审核提醒 through the outbox.
let cloud: LocalCloud;
let call: Call;
const NOW = chinaTime('2026-11-23 10:00:00');
const clock = fixedClock(NOW);
const main = points({ clock, log: { error: () => undefined, info: () => undefined } });

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, main);
});
afterAll(() => cloud.close());

const memberOf = (branchId: string): MemberDoc => (cloud.store.find('members', { branchId }, { limit: 1000, order: { _id: 1 } }) as unknown as MemberDoc[]).filter((m) => !m.roles.length).at(-3)!;
const secretaryOf = (branchId: string): MemberDoc => (cloud.store.find('members', { openid: `demo-secretary-${branchId}` }, { limit: 1 }) as unknown as MemberDoc[])[0];

describe('待审核提醒 for a new claim', () => {
  it('queues one notice for the branch secretary (not admins above, not the claimant), sent with the claimToReview template', async () => {
    const m = memberOf('b01');
    const openid = await bindAs(cloud, m._id, `t-cn-${m._id}`);
    const secretary = secretaryOf('b01');
    const { claim } = expectOk(
      await call<ClaimsSubmitResult>(openid, { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: '先锋岗值守', photos: [photo('cn', m._id)], requestId: 'cn-req-0001' }),
    );
    const queued = cloud.store.find('outbox', { template: 'claimToReview' }, { limit: 100 });
    expect(queued).toEqual([
      expect.objectContaining({
        _id: `ntf:claimToReview:${claim.id}:${secretary._id}`,
        memberId: secretary._id,
        status: 'pending',
        page: 'staff/pages/review/index',
        data: expect.objectContaining({ member: m.name }),
      }),
    ]);
    // a retried submit does not notify again
    expectOk(await call(openid, { action: 'claims.submit', ruleCode: 'PIONEER_POST', note: '先锋岗值守', photos: [photo('cn', m._id)], requestId: 'cn-req-0001' }));
    expect(cloud.store.count('outbox', { template: 'claimToReview' })).toBe(1);

    const before = cloud.openApiCalls.length;
    const config = readFunctionConfigs(FUNCTIONS_ROOT).get('points');
    if (!config) throw new Error('no cloudfunctions/points/config.json');
    await cloud.fireTimer(main as never, 'tick', NOW, { name: 'points', config });
    const sent = cloud.openApiCalls.slice(before).filter((c) => c.api === 'subscribeMessage.send' && (c.params as { template_id?: string }).template_id === 'local-claimToReview');
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toMatchObject({ touser: 'demo-secretary-b01', page: 'staff/pages/review/index', data: { thing1: { value: m.name } } });
  });
});
