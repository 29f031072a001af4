import * as fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { COLLECTIONS, collectionSpecs } from '../../core/db/schema';
import { LocalCloud } from '../../emulator/local-cloud';
import { applySchema } from '../../emulator/schema-setup';
import { Store } from '../../emulator/store/store';
import { sdkError, startLocalCloud, tempDir, type TestCloud } from './helpers';

// Conformance: CloudBase creates no collection and no index implicitly: collections and indexes
// are made in the console or through management APIs (CloudBase database docs); an operation on a
// collection that does not exist fails with DATABASE_COLLECTION_NOT_EXIST, -502005 through
// wx-server-sdk (its TCB_ERR_CODE table). A unique index over values that already repeat cannot be
// built (MongoDB: E11000 duplicate key error at index build).

let t: TestCloud | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(() => cleanups.forEach((c) => c()));

describe('a strict local cloud', () => {
  it('starts with no collection: reads and writes on one are -502005', async () => {
    t = startLocalCloud({ strict: true });
    expect(t.cloud.store.collectionNames()).toEqual([]);
    const read = await sdkError(t.db.collection('members').where({ openid: 'x' }).get());
    expect(read.errCode).toBe(-502005);
    const write = await sdkError(t.db.collection('members').add({ data: { openid: 'x' } }));
    expect(write.errCode).toBe(-502005);
  });

  it('gives a collection made by createCollection no index: a "unique" value may repeat until the setup step builds the index', async () => {
    t = startLocalCloud({ strict: true });
    await t.db.createCollection('members');
    const members = t.db.collection('members');
    await members.add({ data: { _id: 'a', openid: 'same' } });
    await members.add({ data: { _id: 'b', openid: 'same' } });
    expect((await members.where({ openid: 'same' }).count()).total).toBe(2);
    // the setup step refuses to build a unique index over repeated values
    await expect(applySchema(t.cloud, [{ name: 'members', indexes: [{ field: 'openid', unique: true }] }])).rejects.toThrow(/duplicate key/);
    await members.doc('b').remove();
    await applySchema(t.cloud, [{ name: 'members', indexes: [{ field: 'openid', unique: true }] }]);
    const dup = await sdkError(members.add({ data: { _id: 'c', openid: 'same' } }));
    expect(dup.errCode).toBe(-502001);
    expect(dup.errMsg).toContain('duplicate key');
  });

  it('applySchema creates every collection and index of core/db/schema.ts, and again is a no-op', async () => {
    t = startLocalCloud({ strict: true });
    const first = await applySchema(t.cloud);
    expect(first.collections.sort()).toEqual(Object.keys(COLLECTIONS).sort());
    for (const spec of collectionSpecs()) expect([spec.name, t.cloud.store.indexesOf(spec.name)]).toEqual([spec.name, spec.indexes]);
    expect(await applySchema(t.cloud)).toEqual({ collections: [], indexes: [] });
  });

  it('keeps indexes built by the setup step across restarts, from the journal and from a compacted snapshot', async () => {
    const { dir, cleanup } = tempDir('strict-');
    cleanups.push(cleanup);
    t = startLocalCloud({ strict: true, dir });
    await applySchema(t.cloud, [{ name: 'members', indexes: [{ field: 'openid', unique: true }, { field: 'branchId' }] }]);
    await t.cloud.store.flush();
    // as after a crash: a copy of the data dir holds the journal only, no snapshot yet
    const copy = tempDir('strict-copy-');
    cleanups.push(copy.cleanup);
    fs.cpSync(dir, copy.dir, { recursive: true });
    const replayed = Store.open({ dir: copy.dir });
    expect(replayed.indexesOf('members')).toEqual([{ field: 'openid', unique: true }, { field: 'branchId' }]);
    await replayed.close();
    await t.close(); // compacts into the snapshot
    t = startLocalCloud({ strict: true, dir });
    expect(t.cloud.store.indexesOf('members')).toEqual([{ field: 'openid', unique: true }, { field: 'branchId' }]);
    await t.db.collection('members').add({ data: { openid: 'o1' } });
    expect((await sdkError(t.db.collection('members').add({ data: { openid: 'o1' } }))).errCode).toBe(-502001);
  });

  it('refuses to be handed collections to create at start', () => {
    expect(() => LocalCloud.start({ strict: true, collections: collectionSpecs() })).toThrow(/applySchema/);
  });
});
