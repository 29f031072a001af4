import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { tempFileUrls } from '../../core/db/temp-url';
import { rejection, sdkError, startLocalCloud, tempDir, type TestCloud } from './helpers';

// Cloud storage through the real SDK (uploadFile/getTempFileURL/downloadFile/deleteFile), on disk.
let t: TestCloud;
let tmp: { dir: string; cleanup: () => void };
const clock = Date.parse('2026-03-01T00:00:00Z');

type TempItem = { fileID: string; status: number; tempFileURL: string; errMsg: string };
type DeleteItem = { fileID: string; status: number };

beforeAll(() => {
  tmp = tempDir();
  t = startLocalCloud({ dir: tmp.dir, now: () => clock });
});
afterAll(async () => {
  await t.close();
  tmp.cleanup();
});

const tempUrls = async (fileList: string[]) => ((await t.sdk.getTempFileURL({ fileList })) as unknown as { fileList: TempItem[] }).fileList;
const remove = async (fileList: string[]) => ((await t.sdk.deleteFile({ fileList })) as unknown as { fileList: DeleteItem[] }).fileList;

describe('storage round trip', () => {
  it('uploadFile -> getTempFileURL -> downloadFile -> deleteFile', async () => {
    const body = Buffer.from('照片 bytes \u0000\u00ff');
    const up = await t.sdk.uploadFile({ cloudPath: 'evidence/2026/a.jpg', fileContent: body });
    expect(up.fileID).toMatch(/^cloud:\/\/local\.[^/]+\/evidence\/2026\/a\.jpg$/);

    const [item] = await tempUrls([up.fileID]);
    expect(item).toMatchObject({ fileID: up.fileID, status: 0 });
    expect(item.tempFileURL).toContain('/evidence/2026/a.jpg');

    const down = await t.sdk.downloadFile({ fileID: up.fileID });
    expect(Buffer.compare(down.fileContent as Buffer, body)).toBe(0);

    const [del] = await remove([up.fileID]);
    expect(del).toMatchObject({ fileID: up.fileID, status: 0 });
    expect((await sdkError(t.sdk.downloadFile({ fileID: up.fileID }))).errCode).toBe(-503003);
  });

  it('uploadFile accepts a stream', async () => {
    const up = await t.sdk.uploadFile({ cloudPath: 'streams/s.txt', fileContent: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) as never });
    expect((await t.sdk.downloadFile({ fileID: up.fileID })).fileContent.toString()).toBe('abcd');
  });

  it('uploading to the same path replaces the file', async () => {
    const a = await t.sdk.uploadFile({ cloudPath: 'same.txt', fileContent: Buffer.from('one') });
    const b = await t.sdk.uploadFile({ cloudPath: 'same.txt', fileContent: Buffer.from('two') });
    expect(b.fileID).toBe(a.fileID);
    expect((await t.sdk.downloadFile({ fileID: a.fileID })).fileContent.toString()).toBe('two');
  });

  it('files are kept in the data directory (durable)', async () => {
    await t.sdk.uploadFile({ cloudPath: 'durable/x.bin', fileContent: Buffer.from([1, 2, 3]) });
    expect([...fs.readFileSync(path.join(tmp.dir, 'storage', 'durable', 'x.bin'))]).toEqual([1, 2, 3]);
  });

  it('a temp URL is signed and expires after maxAge', async () => {
    const up = await t.sdk.uploadFile({ cloudPath: 'signed/p.png', fileContent: Buffer.from('png') });
    const got = (await t.sdk.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 60 }] })) as unknown as { fileList: TempItem[] };
    const url = new URL(got.fileList[0].tempFileURL);
    const cloudPath = decodeURIComponent(url.pathname.replace(/^\/storage\//, ''));
    const tt = Number(url.searchParams.get('t'));
    const sign = String(url.searchParams.get('sign'));
    const served = t.cloud.storage.serve(cloudPath, tt, sign, clock);
    expect(served.ok && served.body.toString()).toBe('png');
    expect(
      t.cloud.storage.serve(
        cloudPath,
        tt,
        sign.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        clock,
      ),
    ).toEqual({ ok: false, status: 403 });
    expect(t.cloud.storage.serve(cloudPath, tt + 1000, sign, clock)).toEqual({ ok: false, status: 403 });
    expect(t.cloud.storage.serve(cloudPath, tt, sign, clock + 61_000)).toEqual({ ok: false, status: 403 });
  });
});

describe('missing files', () => {
  const missing = () => t.cloud.storage.fileIdFor('nothing/here.jpg');

  it('downloadFile of a missing file fails with -503003', async () => {
    expect((await sdkError(t.sdk.downloadFile({ fileID: missing() }))).errCode).toBe(-503003);
  });

  it('getTempFileURL reports a missing file per item', async () => {
    const up = await t.sdk.uploadFile({ cloudPath: 'present.txt', fileContent: Buffer.from('x') });
    const list = await tempUrls([up.fileID, missing()]);
    expect(list.map((i) => i.status)).toEqual([0, -503003]);
    expect(list[1].tempFileURL).toBe('');
  });

  it('deleteFile reports a missing file per item', async () => {
    expect((await remove([missing()]))[0].status).toBe(-503003);
  });

  // "一次最多取 50 个" (Cloud.getTempFileURL reference); more is refused whole, INVALID_PARAM "Invalid
  // request param" (TencentCloud/tcb-sdk-php#1); deleteFile the same, "Cannot operate more than 50
  // files one time" (TencentCloudBase/cloudbase-manager-node#28).
  it('getTempFileURL and deleteFile take at most 50 files a call; 51 are refused whole with -501007', async () => {
    const up = await t.sdk.uploadFile({ cloudPath: 'cap.txt', fileContent: Buffer.from('x') });
    const fifty = Array.from({ length: 50 }, () => up.fileID);
    expect(await tempUrls(fifty)).toHaveLength(50);
    const tooMany = [...fifty, up.fileID];
    expect(await sdkError(t.sdk.getTempFileURL({ fileList: tooMany }) as Promise<unknown>)).toMatchObject({ errCode: -501007, errMsg: expect.stringContaining('Invalid request param') });
    expect(await sdkError(t.sdk.deleteFile({ fileList: tooMany }) as Promise<unknown>)).toMatchObject({
      errCode: -501007,
      errMsg: expect.stringContaining('Cannot operate more than 50 files one time'),
    });
    // nothing was deleted
    expect((await tempUrls([up.fileID]))[0].status).toBe(0);
  });

  it('core/db tempFileUrls asks for 50 files a request, so 120 files get their URLs', async () => {
    const files = await Promise.all(Array.from({ length: 120 }, (_x, i) => t.sdk.uploadFile({ cloudPath: `many/${i}.txt`, fileContent: Buffer.from(String(i)) })));
    const urls = await tempFileUrls(files.map((f) => f.fileID));
    expect(urls.size).toBe(120);
    expect([...urls.values()].every((u) => u.includes('/storage/many/'))).toBe(true);
  });

  it('a fileID of another environment is not found', async () => {
    const up = await t.sdk.uploadFile({ cloudPath: 'mine.txt', fileContent: Buffer.from('x') });
    const foreign = up.fileID.replace('cloud://local.', 'cloud://prod-9.');
    expect((await sdkError(t.sdk.downloadFile({ fileID: foreign }))).errCode).toBe(-503003);
  });
});

describe('path traversal', () => {
  it.each(['../outside.txt', 'a/../../outside.txt', '/etc/abs.txt', 'a//b.txt', './x.txt', ''])('uploadFile refuses cloudPath %j', async (cloudPath) => {
    await rejection(t.sdk.uploadFile({ cloudPath, fileContent: Buffer.from('evil') }));
    expect(fs.existsSync(path.join(tmp.dir, 'outside.txt'))).toBe(false);
  });

  it('a fileID climbing out of the storage directory reads nothing', async () => {
    fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
    const fileID = t.cloud.storage.fileIdFor('a') + '/../../secret.txt';
    expect((await sdkError(t.sdk.downloadFile({ fileID }))).errCode).toBe(-503003);
    expect((await tempUrls([fileID]))[0].status).toBe(-503003);
    expect((await remove([fileID]))[0].status).toBe(-503003);
    expect(fs.readFileSync(path.join(tmp.dir, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('a temp URL path climbing out is refused', () => {
    const tt = Math.floor(clock / 1000) + 60;
    const p = '../secret.txt';
    expect(t.cloud.storage.serve(p, tt, t.cloud.storage.sign(p, tt), clock)).toEqual({ ok: false, status: 403 });
  });
});
