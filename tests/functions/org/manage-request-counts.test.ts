import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Result } from '../../../core/contracts/envelope';
import { org } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { Main } from '../../../core/runtime/router';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { startTestCloud } from '../../support/cloud';
import { memberByOpenid } from './support';

/**
 * Database requests of the org-tree actions (org.create, rename, archive, responsibles.set), as
 * each use case's header comment states them, counted by the local cloud for one invocation
 * through the real SDK. org.move and org.bootstrap count theirs in their own test files.
 */
let cloud: LocalCloud;
let main: Main;

beforeAll(async () => {
  cloud = await startTestCloud();
  main = org({ clock: fixedClock('2026-11-23T02:00:00Z'), log: { error: () => undefined, info: () => undefined } });
});
afterAll(() => cloud.close());

async function requests(openid: string, event: Record<string, unknown>): Promise<number> {
  const r = await cloud.invoke<Result<unknown>>(main as never, event, { openid });
  if (!r.result.ok) throw new Error(`${String(event.action)}: ${r.result.code} ${r.result.message}`);
  return r.dbRequests;
}

describe('org-tree actions cost what their header comments say', () => {
  it('org.create: 8, a retry 3', async () => {
    expect(await requests('demo-admin-t1', { action: 'create', parentId: 'b01', name: '计数党小组', type: 'group' })).toBe(8);
    expect(await requests('demo-admin-t1', { action: 'create', parentId: 'b01', name: '计数党小组', type: 'group' })).toBe(3);
  });

  it('org.rename: 8, the same name 2', async () => {
    expect(await requests('demo-admin-t1', { action: 'rename', orgId: 'b01g3', name: '第三党小组（3号网格·新）' })).toBe(8);
    expect(await requests('demo-admin-t1', { action: 'rename', orgId: 'b01g3', name: '第三党小组（3号网格·新）' })).toBe(2);
  });

  it('org.archive: 9, an archived org 2', async () => {
    const created = await cloud.invoke<Result<{ org: { id: string } }>>(main as never, { action: 'create', parentId: 'b02', name: '待撤销党小组', type: 'group' }, { openid: 'demo-admin-t1' });
    if (!created.result.ok) throw new Error(created.result.code);
    const orgId = created.result.data.org.id;
    expect(await requests('demo-admin-t1', { action: 'archive', orgId, reason: '网格撤并' })).toBe(9);
    expect(await requests('demo-admin-t1', { action: 'archive', orgId, reason: '网格撤并' })).toBe(2);
  });

  it('org.responsibles.set: 8, unchanged 3, clearing both 7, both already clear 2', async () => {
    const first = memberByOpenid(cloud, 'demo-secretary-b03')._id;
    const direct = memberByOpenid(cloud, 'demo-grid-b03g2')._id;
    expect(await requests('demo-admin-t1', { action: 'responsibles.set', orgId: 'b03g2', first, direct })).toBe(8);
    expect(await requests('demo-admin-t1', { action: 'responsibles.set', orgId: 'b03g2', first, direct })).toBe(3);
    expect(await requests('demo-admin-t1', { action: 'responsibles.set', orgId: 'b03g2', first: null, direct: null })).toBe(7);
    expect(await requests('demo-admin-t1', { action: 'responsibles.set', orgId: 'b03g2', first: null, direct: null })).toBe(2);
  });
});
