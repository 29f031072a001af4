import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TreeResult } from '../../../core/contracts/org';
import { chinaTime } from '../../../core/domain/time';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { memberByOpenid } from './support';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, orgFn({ clock }));
  // one member of b02 transferred out: counted in memberCount, not in activeCount
  const m = memberByOpenid(cloud, 'demo-member-b02');
  await cloud.store.updateById('members', m._id, { $set: { status: 'transferred' } }).durable;
});
afterAll(() => cloud.close());

const tree = (openid: string, payload: Record<string, unknown> = {}) => call<TreeResult>(openid, { action: 'tree', ...payload });

describe('org.tree', () => {
  it('gives a town admin the town, its branches and their party groups, depth first', async () => {
    const r = expectOk(await tree('demo-admin-t1'));
    expect(r.roots).toEqual(['t1']);
    expect(r.nodes.map((n) => `${'  '.repeat(n.depth)}${n.id}`).slice(0, 6)).toEqual(['t1', '  b01', '    b01g1', '    b01g2', '    b01g3', '  b02']);
    expect(r.nodes).toHaveLength(1 + 4 + 12);
  });

  it('counts the members of every node’s whole subtree with one aggregation', async () => {
    const r = expectOk(await tree('demo-admin-t1'));
    for (const n of r.nodes) {
      expect(n.memberCount).toBe(cloud.store.count('members', { ancestors: n.id }));
      expect(n.activeCount).toBe(cloud.store.count('members', { ancestors: n.id, status: 'active' }));
    }
    const b02 = r.nodes.find((n) => n.id === 'b02')!;
    expect(b02.activeCount).toBe(b02.memberCount - 1);
  });

  it('carries grid levels, branch settings and the responsible persons', async () => {
    const r = expectOk(await tree('demo-admin-t1'));
    const b01 = r.nodes.find((n) => n.id === 'b01')!;
    const sec = memberByOpenid(cloud, 'demo-secretary-b01');
    expect(b01).toMatchObject({ type: 'branch', gridLevel: 2, dedicationDay: expect.any(Number), firstResponsible: { id: sec._id, name: sec.name } });
    const g = r.nodes.find((n) => n.id === 'b01g2')!;
    expect(g).toMatchObject({ type: 'group', gridLevel: 3, directResponsible: { name: memberByOpenid(cloud, 'demo-grid-b01g2').name } });
    expect(r.nodes.find((n) => n.id === 't1')).toMatchObject({ gridLevel: 1, depth: 0 });
  });

  it('gives a secretary their branch only', async () => {
    const r = expectOk(await tree('demo-secretary-b01'));
    expect(r.nodes.map((n) => n.id)).toEqual(['b01', 'b01g1', 'b01g2', 'b01g3']);
  });

  it('gives the county admin the whole county in four database requests', async () => {
    const inv = await cloud.invoke<{ ok: true; data: TreeResult }>(orgFn({ clock }) as never, { action: 'tree' }, { openid: 'demo-admin-county' });
    expect(inv.result.data.nodes).toHaveLength(1 + 3 + 12 + 36);
    expect(inv.result.data.nodes.find((n) => n.id === 'county')!.memberCount).toBe(cloud.store.count('members', {}));
    expect(inv.dbRequests).toBe(4);
  });

  it('shows a subtree in scope on request, and refuses one outside', async () => {
    expect(expectOk(await tree('demo-admin-county', { rootId: 'b12' })).nodes.map((n) => n.id)).toEqual(['b12', 'b12g1', 'b12g2', 'b12g3']);
    expect(await tree('demo-admin-t1', { rootId: 't2' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('shows each node once to someone holding roles on a node and on its ancestor', async () => {
    const admin = memberByOpenid(cloud, 'demo-admin-t1');
    await cloud.store.updateById('members', admin._id, { $set: { roles: [...admin.roles, { role: 'secretary', orgId: 'b02' }, { role: 'storeKeeper', orgId: 'b09' }] } }).durable;
    try {
      const r = expectOk(await tree('demo-admin-t1'));
      expect(r.roots).toEqual(['t1', 'b09']);
      expect(new Set(r.nodes.map((n) => n.id)).size).toBe(r.nodes.length);
      expect(r.nodes).toHaveLength(17 + 4);
    } finally {
      await cloud.store.updateById('members', admin._id, { $set: { roles: admin.roles } }).durable;
    }
  });

  it('refuses a member without a staff role', async () => {
    expect(await tree('demo-member-b01')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
