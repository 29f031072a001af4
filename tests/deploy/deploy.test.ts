import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BindResult } from '../../core/contracts/auth';
import type { TreeResult } from '../../core/contracts/org';
import { collectionSpecs } from '../../core/db/schema';
import { FUNCTIONS_ROOT, readFunctionConfigs } from '../../emulator/functions';
import type { LocalCloud } from '../../emulator/local-cloud';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, functionNames } from '../../scripts/deploy/desired';
import { seedIfEmpty } from '../../scripts/seed/load';
import { expectOk, startTestCloud } from '../support/cloud';
import { memberById, org, unboundMembers } from '../functions/org/support';
import { builtSha, deploy, deployedCaller, deployedFiles, localEnv, writeCalls } from './support';

/**
 * `npm run deploy` against an empty strict-mode local cloud, through Tencent's own management SDK
 * (@cloudbase/manager-node), whose signed requests the local cloud answers (emulator/management).
 */
// each apply waits for functions to be Active as manager-node polls them (1 s a poll)
jest.setTimeout(120_000);
let cloud: LocalCloud;
const specs = collectionSpecs();

beforeAll(async () => {
  cloud = await startTestCloud({ schema: false });
});
afterAll(() => cloud.close());

const schemaIndexes = () => specs.flatMap((s) => s.indexes.map((i) => `${s.name}.${i.field}${i.unique ? ' unique' : ''}`)).sort();
const cloudIndexes = () =>
  cloud.store
    .collectionNames()
    .flatMap((c) => cloud.store.indexesOf(c).map((i) => `${c}.${i.field}${i.unique ? ' unique' : ''}`))
    .sort();

describe('npm run deploy', () => {
  it('without credentials prints the full plan (every collection and index by name, every function) and touches nothing', async () => {
    const r = await deploy([], {});
    expect(r.code).toBe(0);
    for (const s of specs) {
      expect(r.out).toContain(`+ collection ${s.name}`);
      for (const i of s.indexes) expect(r.out).toContain(`+ index ${s.name}.${i.field}_1 (${i.field}${i.unique ? ', unique' : ''})`);
    }
    expect(r.out).toContain('+ index members.openid_1 (openid, unique)');
    for (const fn of functionNames()) expect(r.out).toMatch(new RegExp(`\\+ function ${fn} \\(runtime Nodejs18\\.15, timeout \\d+s, memory 256MB`));
    expect(cloud.management.calls).toHaveLength(0);
    // --apply without credentials refuses
    expect((await deploy(['--apply'], {})).code).toBe(1);
  });

  it('as a command on a fresh checkout without credentials exits 0 with the plan', () => {
    const env = { ...process.env };
    for (const k of ['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_SESSIONTOKEN', 'TENCENTCLOUD_TCB_ENVID']) delete env[k];
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'deploy', 'main.ts')], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('没有凭据：以下为空环境的完整计划');
    expect(r.stdout).toContain('+ index members.openid_1 (openid, unique)');
  });

  it('with a wrong credential fails with the AuthFailure, in zh and en, and changes nothing', async () => {
    const wrongKey = await deploy(['--apply'], localEnv(cloud, { TENCENTCLOUD_SECRETKEY: 'not-the-key' }));
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toContain('AuthFailure.SignatureFailure');
    expect(wrongKey.err).toContain('腾讯云拒绝了凭据 / Tencent Cloud rejected the credential');
    expect(wrongKey.err).toContain('未做任何变更 / nothing was changed');
    const wrongId = await deploy(['--apply'], localEnv(cloud, { TENCENTCLOUD_SECRETID: 'AKIDnobody' }));
    expect(wrongId.err).toContain('AuthFailure.SecretIdNotFound');
    const wrongEnv = await deploy(['--apply'], localEnv(cloud, { TENCENTCLOUD_TCB_ENVID: 'prod-1a2b' }));
    expect(wrongEnv.code).toBe(1);
    expect(wrongEnv.err).toContain('环境 prod-1a2b 不存在');
    const half = await deploy([], { TENCENTCLOUD_SECRETID: 'AKIDx' });
    expect(half.code).toBe(1);
    expect(half.err).toContain('须同时设置');
    expect(cloud.store.collectionNames()).toEqual([]);
    expect(cloud.management.state.functions()).toEqual([]);
    expect(writeCalls(cloud)).toEqual([]);
  });

  it('--apply creates exactly the schema’s collections and indexes, the rules and every function, and reads them back', async () => {
    const r = await deploy(['--apply'], localEnv(cloud));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('the env matches the repo');
    const triggers = [...readFunctionConfigs(FUNCTIONS_ROOT).values()].reduce((n, c) => n + c.triggers.length, 0);
    expect(r.out).toContain(
      `collections 0 -> ${specs.length}, indexes 0 -> ${schemaIndexes().length}, rules 0 -> ${specs.length}, functions 0 -> ${functionNames().length}, triggers 0 -> ${triggers}`,
    );
    expect(cloud.store.collectionNames().sort()).toEqual(specs.map((s) => s.name).sort());
    expect(cloudIndexes()).toEqual(schemaIndexes());
    expect(cloud.store.indexesOf('members')).toContainEqual({ field: 'openid', unique: true });
    expect(cloud.management.state.collectionRule('members')).toEqual({ permission: 'CUSTOM', securityRule: '{"read":false,"write":false}' });
    expect(cloud.management.state.storageRule()).toEqual({ acl: 'CUSTOM', rule: '{"read":false,"write":"resource.openid == auth.openid"}' });

    const configs = readFunctionConfigs(FUNCTIONS_ROOT);
    expect(cloud.management.state.functions().map((f) => f.name)).toEqual(functionNames());
    for (const fn of functionNames()) {
      const rec = cloud.management.state.fn(fn)!;
      expect(rec.runtime).toBe('Nodejs18.15');
      expect(cloud.management.state.deployedConfig(fn)).toEqual(configs.get(fn));
      expect(rec.environment).toEqual([{ Key: 'MINIPROGRAM_STATE', Value: 'formal' }]);
      // the uploaded code is the built bundle, byte for byte
      expect((await deployedFiles(cloud, fn))['index.js']).toBe(builtSha(fn));
    }
    expect(cloud.management.state.deployedConfig('points')?.permissions.openapi).toContain('subscribeMessage.send');
  });

  it('a second --apply changes nothing and says so', async () => {
    const from = cloud.management.calls.length;
    const r = await deploy(['--apply'], localEnv(cloud));
    expect(r.code).toBe(0);
    expect(r.out).toContain('no changes (无变更)');
    expect(writeCalls(cloud, from)).toEqual([]);
  });

  it('repairs drift: a changed timeout, a lost trigger and stale code are planned, then applied through the SDK', async () => {
    const state = cloud.management.state;
    const events = state.fn('events')!;
    // a variable an operator set in the console survives the repair
    const auth = state.fn('auth')!;
    state.putFunction({ ...auth, timeout: 3, environment: [...auth.environment, { Key: 'CONSOLE_LOGIN_KEY', Value: 'set-in-console' }] });
    state.putFunction({ ...events, triggers: [], description: '红管家 code sha256:' + '0'.repeat(64) });
    const plan = await deploy([], localEnv(cloud));
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('~ function auth: timeout -> 10');
    expect(plan.out).toContain(`+ trigger events.${events.triggers[0].name}`);
    expect(plan.out).toContain('~ function events: code 000000000000 ->');
    const from = cloud.management.calls.length;
    const r = await deploy(['--apply'], localEnv(cloud));
    expect(r.code).toBe(0);
    expect(writeCalls(cloud, from)).toEqual(expect.arrayContaining(['scf:UpdateFunctionConfiguration', 'scf:UpdateFunctionCode', 'scf:BatchCreateTrigger']));
    expect(state.fn('auth')!.timeout).toBe(10);
    expect(state.fn('auth')!.environment).toEqual([
      { Key: 'MINIPROGRAM_STATE', Value: 'formal' },
      { Key: 'CONSOLE_LOGIN_KEY', Value: 'set-in-console' },
    ]);
    expect(state.fn('events')!.triggers.map((t) => t.cron)).toEqual(events.triggers.map((t) => t.cron));
    expect((await deploy([], localEnv(cloud))).out).toContain('no changes');
  });

  it('the unique index it built is enforced: a second member with the same openid is refused', async () => {
    await seedIfEmpty(cloud.store);
    const [m] = unboundMembers(cloud, 'b01');
    const duplicate = async () => cloud.store.insert('members', [{ ...m, _id: 'dup-of-' + m._id }]).durable;
    await expect(duplicate()).rejects.toThrow(/E11000 duplicate key/);
  });

  it('the deployed functions work against what the deploy created: a member binds, an admin reads the tree', async () => {
    const auth = deployedCaller(cloud, 'auth');
    const orgFn = deployedCaller(cloud, 'org');
    const m = unboundMembers(cloud, 'b01')[1];
    const me = expectOk(await auth<BindResult>('wx-deployed-1', { action: 'bind', inviteCode: org(cloud, 'b01').inviteCode, name: m.name, phone: m.phone }));
    expect(me.memberId).toBe(m._id);
    expect(memberById(cloud, m._id).openid).toBe('wx-deployed-1');
    const tree = expectOk(await orgFn<TreeResult>('demo-admin-t2', { action: 'tree' }));
    expect(tree.nodes.length).toBeGreaterThan(1);
  });
});
