import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import CloudBase from '@cloudbase/manager-node';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCloud } from '../../emulator/local-cloud';
import { LOCAL_SECRET, setManagementBackend } from '../../emulator/management/hooks';
import { verifyTc3, type SignedRequest } from '../../emulator/management/signature';

/**
 * The local cloud answering Tencent Cloud's management APIs for @cloudbase/manager-node: signed
 * requests checked as the cloud API gateway checks them (TC3-HMAC-SHA256, cloud.tencent.com/
 * document/api/213/30654), collections and indexes made in the real store.
 */
let cloud: LocalCloud;
const app = (over: { secretId?: string; secretKey?: string; envId?: string } = {}) => new CloudBase({ ...LOCAL_SECRET, envId: 'local', ...over });

beforeAll(() => {
  process.env.LOG_SILENT = '1';
  cloud = LocalCloud.start({ strict: true });
});
afterAll(() => cloud.close());

/** The next management request exactly as the SDK signed it. */
async function capture(run: () => Promise<unknown>): Promise<SignedRequest> {
  let seen: SignedRequest | undefined;
  setManagementBackend({
    handle: (req) => {
      seen ??= req;
      return cloud.management.handle(req);
    },
  });
  try {
    await run();
  } finally {
    setManagementBackend(cloud.management);
  }
  if (!seen) throw new Error('no request was sent');
  return seen;
}

describe('the local cloud’s management APIs', () => {
  it('accepts a request signed with the local secret pair and creates the collection and index in the store', async () => {
    await app().database.createCollection('things');
    await app().database.updateCollection('things', { CreateIndexes: [{ IndexName: 'code_1', MgoKeySchema: { MgoIndexKeys: [{ Name: 'code', Direction: '1' }], MgoIsUnique: true } }] });
    expect(cloud.store.collectionNames()).toContain('things');
    expect(cloud.store.indexesOf('things')).toEqual([{ field: 'code', unique: true }]);
    const info = (await app().database.describeCollection('things')) as { Indexes: { Name: string; Unique: boolean }[] };
    expect(info.Indexes.map((i) => [i.Name, i.Unique])).toEqual([
      ['_id_', false],
      ['code_1', true],
    ]);
  });

  it('refuses an unknown SecretId and a wrong key with Tencent Cloud’s AuthFailure codes, before any change', async () => {
    await expect(app({ secretId: 'AKIDsomeoneelse' }).database.createCollection('nope1')).rejects.toMatchObject({ code: 'AuthFailure.SecretIdNotFound' });
    await expect(app({ secretKey: 'wrong' }).database.createCollection('nope2')).rejects.toMatchObject({
      code: 'AuthFailure.SignatureFailure',
      message: expect.stringContaining('The provided credentials could not be validated'),
    });
    expect(cloud.store.collectionNames()).not.toContain('nope1');
    expect(cloud.store.collectionNames()).not.toContain('nope2');
  });

  it('checks the signature over the body and the timestamp: a tampered or stale request fails', async () => {
    const req = await capture(() => app().database.createCollection('signed'));
    const body = JSON.parse(req.body) as Record<string, unknown>;
    const tampered = { ...req, body: JSON.stringify({ ...body, TableName: 'evil' }) };
    expect(((await cloud.management.handle(tampered)).Response.Error as { Code: string }).Code).toBe('AuthFailure.SignatureFailure');
    expect(cloud.store.collectionNames()).not.toContain('evil');
    const ts = Number(req.headers['X-TC-Timestamp']);
    expect(verifyTc3(req, LOCAL_SECRET, ts * 1000)).toBeNull();
    expect(verifyTc3(req, LOCAL_SECRET, (ts + 301) * 1000)?.Code).toBe('AuthFailure.SignatureExpire');
    expect(verifyTc3({ ...req, headers: { ...req.headers, Authorization: 'Basic x' } }, LOCAL_SECRET, ts * 1000)?.Code).toBe('AuthFailure.InvalidAuthorization');
  });

  it('answers another env id as not found, and an action it cannot answer faithfully as unsupported', async () => {
    await expect(app({ envId: 'prod-9z' }).env.getEnvInfo()).rejects.toMatchObject({ code: 'ResourceNotFound' });
    await expect(app().env.listEnvs()).rejects.toMatchObject({ code: 'UnsupportedOperation' });
    await expect(app().database.updateCollection('things', { DropIndexes: [{ IndexName: 'code_1' }] })).rejects.toMatchObject({ code: 'UnsupportedOperation' });
    expect(cloud.store.indexesOf('things')).toEqual([{ field: 'code', unique: true }]);
  });

  it('refuses to build a unique index over repeated values, as MongoDB does', async () => {
    await app().database.createCollection('dups');
    await cloud.store.insert('dups', [
      { _id: 'a', k: 1 },
      { _id: 'b', k: 1 },
    ]).durable;
    await expect(
      app().database.updateCollection('dups', { CreateIndexes: [{ IndexName: 'k_1', MgoKeySchema: { MgoIndexKeys: [{ Name: 'k', Direction: '1' }], MgoIsUnique: true } }] }),
    ).rejects.toMatchObject({
      code: 'FailedOperation',
      message: expect.stringContaining('E11000'),
    });
    expect(cloud.store.indexesOf('dups')).toEqual([]);
  });

  it('keeps the security rules it was given beside a durable store, across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mgmt-'));
    await cloud.close();
    cloud = LocalCloud.start({ strict: true, dir });
    await app().database.createCollection('ruled');
    await app().permission.modifyResourcePermission({ resourceType: 'collection', resource: 'ruled', permission: 'CUSTOM', securityRule: '{"read":false,"write":false}' });
    await cloud.close();
    cloud = LocalCloud.start({ strict: true, dir });
    const res = await app().permission.describeResourcePermission({ resourceType: 'collection', resources: ['ruled'] });
    expect(res.Data.PermissionList).toEqual([{ ResourceType: 'collection', Resource: 'ruled', Permission: 'CUSTOM', SecurityRule: '{"read":false,"write":false}' }]);
  });
});
