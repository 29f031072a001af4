import type { ClaimsSubmitResult } from '../../core/contracts/points';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { files } from '../../core/functions/files';
import { org } from '../../core/functions/org';
import { points } from '../../core/functions/points';
import { fixedClock } from '../../core/runtime/clock';
import type { LocalCloud } from '../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../support/cloud';

/** Inputs a careless or hostile client sends: each is refused with INVALID_INPUT and changes nothing. */
let cloud: LocalCloud;
let callOrg: Call;
let callPoints: Call;
let callFiles: Call;
const clock = fixedClock('2026-11-23T02:00:00Z');
const snapshot = () => JSON.stringify(['members', 'claims', 'ledger', 'balances', 'audit'].map((c) => cloud.store.find(c, {}, { limit: 1_000_000 })));

beforeAll(async () => {
  cloud = await startTestCloud();
  const deps = { clock, log: { error: () => undefined, info: () => undefined } };
  callOrg = caller(cloud, org(deps));
  callPoints = caller(cloud, points(deps));
  callFiles = caller(cloud, files(deps));
});
afterAll(() => cloud.close());

describe('control characters', () => {
  it.each([
    ['a NUL byte in a roster search', () => callOrg('demo-admin-t1', { action: 'members.list', q: '张\u0000' }), 'q'],
    ['a bell in a claim note', () => callPoints('demo-member-b01', { action: 'claims.submit', ruleCode: 'DUTY_FULFILLED', note: '履职\u0007' }), 'note'],
    ['an escape in a nested field', () => callOrg('demo-admin-t1', { action: 'members.list', orgId: 'b01\u001b[2J' }), 'orgId'],
    ['DEL in an unbind reason', () => callOrg('demo-admin-t1', { action: 'members.unbind', memberId: 'x', reason: '更换\u007f手机' }), 'reason'],
  ])('refuses %s with INVALID_INPUT naming the field, writing nothing', async (_name, send, field) => {
    const before = snapshot();
    const r = await send();
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
    expect(r.ok ? '' : r.message).toContain('控制字符');
    expect(snapshot()).toBe(before);
  });

  it('keeps line breaks and tabs in free text', async () => {
    const r = expectOk(await callPoints<ClaimsSubmitResult>('demo-member-b02', { action: 'claims.submit', ruleCode: 'DUTY_FULFILLED', note: '第一行\n第二行\t完' }));
    expect(cloud.store.getById('claims', r.claim.id)).toMatchObject({ note: '第一行\n第二行\t完' });
  });
});

describe('uploaded files are read only by their uploader', () => {
  it('refuses to import a roster another admin uploaded, and imports the caller’s own', async () => {
    const csv = Buffer.from('姓名,手机号\n李四,13900000001\n').toString('base64');
    const theirs = expectOk(await callFiles<{ fileID: string }>('demo-admin-t1', { action: 'roster.upload', fileName: 'r.csv', contentBase64: csv }));
    const mine = expectOk(await callFiles<{ fileID: string }>('demo-admin-county', { action: 'roster.upload', fileName: 'r.csv', contentBase64: csv }));
    const before = snapshot();
    const r = await callFiles('demo-admin-county', { action: 'roster.import', fileID: theirs.fileID, orgId: 'b01', dryRun: false });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'fileID' });
    expect(snapshot()).toBe(before);
    expect(expectOk(await callFiles<{ total: number }>('demo-admin-county', { action: 'roster.import', fileID: mine.fileID, orgId: 'b01', dryRun: true }))).toMatchObject({ dryRun: true });
  });

  it('refuses a path that climbs out of the caller’s folder', async () => {
    const me = cloud.store.find('members', { openid: 'demo-admin-county' }, { limit: 1 })[0] as { _id: string };
    const r = await callFiles('demo-admin-county', { action: 'roster.import', fileID: `cloud://local.bucket/imports/${me._id}/../other/x.csv`, orgId: 'b01', dryRun: true });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'fileID' });
  });
});
