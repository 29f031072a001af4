import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { BindResult } from '../../core/contracts/auth';
import type { CheckinResult, EventsCreateResult, EventsQrResult } from '../../core/contracts/events';
import type { ImportResult, InviteResult, OrgCreateResult, RoleChangeResult, UploadResult } from '../../core/contracts/org';
import type { LedgerAuditResult } from '../../core/contracts/points';
import type { LocalCloud } from '../../emulator/local-cloud';
import { runBootstrap } from '../../scripts/bootstrap';
import { expectOk, startTestCloud } from '../support/cloud';
import { deploy, deployedCaller, localEnv, writeCalls } from './support';

/**
 * The go-live rehearsal: a county's first day on an empty env, every step through the tools and
 * actions a real county uses. An empty strict-mode local cloud → `npm run deploy -- --apply` →
 * a second apply changes nothing → `npm run bootstrap` (through the management API's Invoke of
 * the uploaded org function) → the first 组织部 admin binds with the invite → creates a town and
 * branches → imports a roster → a secretary opens an event → a member checks in through the
 * 小程序码's scene (decoded from the image the local cloud drew) → the ledger audit finds drift 0.
 * The functions run as deployed (tests/deploy/support.ts deployedCaller) with the system clock.
 */
jest.setTimeout(180_000);
let cloud: LocalCloud;
const ADMIN = { name: '林秀英', phone: '13912345678', openid: 'wx-first-admin' };
const SECRETARY = { name: '周建国', phone: '13900000001', openid: 'wx-secretary' };
const MEMBER = { name: '吴丽华', phone: '13900000002', openid: 'wx-member' };

beforeAll(async () => {
  cloud = await startTestCloud({ schema: false });
});
afterAll(() => cloud.close());

const quiet = { log: () => undefined, error: (l: string) => console.error(l) };

describe('go-live rehearsal', () => {
  let town: string;
  let branch: string;

  it('deploys an empty env, and a second apply changes nothing', async () => {
    expect((await deploy(['--apply'], localEnv(cloud))).code).toBe(0);
    const from = cloud.management.calls.length;
    const again = await deploy(['--apply'], localEnv(cloud));
    expect(again.code).toBe(0);
    expect(again.out).toContain('no changes');
    expect(writeCalls(cloud, from)).toEqual([]);
  });

  let invite: string;
  it('bootstraps the county through the deployed org function, then the first admin binds with the invite', async () => {
    const out: string[] = [];
    const code = await runBootstrap(['--county', '中共清风县委', '--admin-name', ADMIN.name, '--admin-phone', ADMIN.phone], localEnv(cloud), { log: (l) => out.push(l), error: quiet.error });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('已初始化 / bootstrapped: 中共清风县委');
    invite = /邀请码 ([2-9A-Z]{6})/.exec(text)![1];
    // the one-time code is gone again: the deploy finds nothing to change
    expect(cloud.management.state.fn('org')!.environment.map((v) => v.Key)).toEqual(['MINIPROGRAM_STATE']);
    expect((await deploy([], localEnv(cloud))).out).toContain('no changes');

    const me = expectOk(await deployedCaller(cloud, 'auth')<BindResult>(ADMIN.openid, { action: 'bind', inviteCode: invite, name: ADMIN.name, phone: ADMIN.phone }));
    expect(me.roles).toEqual([expect.objectContaining({ role: 'countyAdmin', orgId: 'county' })]);
  });

  it('the admin creates a town and branches, and imports a roster into the town', async () => {
    const orgFn = deployedCaller(cloud, 'org');
    town = expectOk(await orgFn<OrgCreateResult>(ADMIN.openid, { action: 'create', parentId: 'county', name: '东关街道党工委', type: 'town' })).org.id;
    branch = expectOk(await orgFn<OrgCreateResult>(ADMIN.openid, { action: 'create', parentId: town, name: '东关社区党支部', type: 'branch' })).org.id;
    expectOk(await orgFn<OrgCreateResult>(ADMIN.openid, { action: 'create', parentId: town, name: '青年路社区党支部', type: 'branch' }));

    const files = deployedCaller(cloud, 'files');
    const csv = ['姓名,手机号,支部', `${SECRETARY.name},${SECRETARY.phone},东关社区党支部`, `${MEMBER.name},${MEMBER.phone},东关社区党支部`, '郑海燕,13900000003,青年路社区党支部'].join('\r\n');
    const { fileID } = expectOk(await files<UploadResult>(ADMIN.openid, { action: 'roster.upload', fileName: 'roster.csv', contentBase64: Buffer.from(csv).toString('base64') }));
    const dry = expectOk(await files<ImportResult>(ADMIN.openid, { action: 'roster.import', fileID, orgId: town, dryRun: true }));
    expect(dry).toMatchObject({ rows: 3, valid: 3, invalid: 0 });
    const done = expectOk(await files<ImportResult>(ADMIN.openid, { action: 'roster.import', fileID, orgId: town, dryRun: false }));
    expect(done).toMatchObject({ rows: 3, valid: 3, created: 3 });
    expect(cloud.store.count('members', { branchId: branch })).toBe(2);
  });

  let eventId: string;
  it('a member of the roster binds and is made secretary; the secretary opens an event', async () => {
    const orgFn = deployedCaller(cloud, 'org');
    const auth = deployedCaller(cloud, 'auth');
    const code = expectOk(await orgFn<InviteResult>(ADMIN.openid, { action: 'invite', branchId: branch })).inviteCode;
    const sec = expectOk(await auth<BindResult>(SECRETARY.openid, { action: 'bind', inviteCode: code, name: SECRETARY.name, phone: SECRETARY.phone }));
    expectOk(await auth<BindResult>(MEMBER.openid, { action: 'bind', inviteCode: code, name: MEMBER.name, phone: MEMBER.phone }));
    expect(expectOk(await orgFn<RoleChangeResult>(ADMIN.openid, { action: 'roles.grant', memberId: sec.memberId, role: 'secretary', orgId: branch })).roles).toContainEqual({
      role: 'secretary',
      orgId: branch,
    });

    const now = Date.now();
    const created = expectOk(
      await deployedCaller(cloud, 'events')<EventsCreateResult>(SECRETARY.openid, {
        action: 'create',
        type: 'meeting',
        title: '十二月主题党日',
        orgId: branch,
        startAt: new Date(now + 5 * 60_000).toISOString(),
        endAt: new Date(now + 2 * 3600_000).toISOString(),
      }),
    );
    eventId = created.event.id;
  });

  it('the member checks in with the 小程序码’s scene, read from the image as WeChat’s 扫一扫 would', async () => {
    const events = deployedCaller(cloud, 'events');
    const qr = expectOk(await events<EventsQrResult>(SECRETARY.openid, { action: 'qr', eventId }));
    expect(qr.scene.length).toBeLessThanOrEqual(32);
    expect(qr.image).toMatch(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from(qr.image!.split(',')[1], 'base64'));
    const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(read?.data).toBe(qr.scene);
    const r = expectOk(await events<CheckinResult>(MEMBER.openid, { action: 'checkin', token: read!.data }));
    expect(r.already).toBe(false);
    // the same scene, tampered, is refused with a CHECKIN_ code
    const tampered = qr.scene.slice(0, -1) + (qr.scene.endsWith('A') ? 'B' : 'A');
    expect(await events(MEMBER.openid, { action: 'checkin', token: tampered })).toMatchObject({ ok: false, code: expect.stringMatching(/^CHECKIN_/) });
  });

  it('the county’s ledger audit finds no drift', async () => {
    const audit = expectOk(await deployedCaller(cloud, 'points')<LedgerAuditResult>(ADMIN.openid, { action: 'ledger.audit', orgId: 'county' }));
    expect(audit.members).toBeGreaterThanOrEqual(4);
    expect(audit.entries).toBeGreaterThanOrEqual(1);
    expect(audit).toMatchObject({ drift: [], broken: [], misplaced: [] });
  });
});
