/**
 * `npm start`: the local cloud on 127.0.0.1 with the built cloud functions, seeded with the
 * demo county on first start. PORT (default 3210), DATA_DIR (default .localcloud/) and HOST
 * (default 127.0.0.1; a LAN address for a real phone, which then needs the access token printed
 * at start, new every start). It lives
 * in scripts/ because it puts the local cloud and the demo seed together: emulator/ imports
 * nothing of the project's tools.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { applyLocalFunctionEnv } from '../emulator/function-env';
import { loadDeployedFunctions } from '../emulator/functions';
import { startGateway } from '../emulator/gateway/server';
import { LocalCloud } from '../emulator/local-cloud';
import { applySchema } from '../emulator/schema-setup';
import { TimerScheduler } from '../emulator/scheduler';
import { devIdentities } from './seed/identities';
import { seedIfEmpty } from './seed/load';

/** 127.x, ::1 and localhost: only this computer can connect. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The loud part of listening on a LAN address: who can reach it, and the token the mini-program must send. */
function warnLan(url: string, host: string, token: string): void {
  const bar = '!'.repeat(78);
  console.log(`\n${bar}`);
  console.log(`  WARNING: the local cloud listens on ${host}, not loopback: anyone on this network can reach it.`);
  console.log('  It holds demo data and acts as any dev identity; every call must carry this access token:');
  console.log(`\n      x-access-token: ${token}\n`);
  console.log('  For a phone in DevTools preview, build the mini-program with it (changes every start):');
  console.log(`      MP_LOCAL_URL=${url} MP_LOCAL_TOKEN=${token} npm run build:mp`);
  console.log('  Use a trusted network only; stop it when done. Without HOST it listens on 127.0.0.1 only.');
  console.log(`${bar}\n`);
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const dir = path.resolve(process.env.DATA_DIR ?? path.join(root, '.localcloud'));
  const port = Number(process.env.PORT ?? 3210);
  const log = (msg: string) => console.log(`[local-cloud] ${msg}`);

  applyLocalFunctionEnv();
  const cloud = LocalCloud.start({ dir, strict: true, log });
  const r = cloud.store.recovery;
  log(`data ${dir}: ${r.snapshotDocs} docs from snapshot, ${r.journalRecords} journal records replayed${r.tornTail ? `, torn last record dropped (${r.tornBytes} bytes)` : ''}`);
  // the setup step (the deploy tool does the same on CloudBase): collections and indexes of schema.ts
  const setup = await applySchema(cloud);
  if (setup.collections.length || setup.indexes.length) log(`setup: ${setup.collections.length} collections, ${setup.indexes.length} indexes created`);
  log(`sort ties come back shuffled (seed ${cloud.store.tieSeed}; LOCAL_CLOUD_TIE_SEED to change it)`);
  if (await seedIfEmpty(cloud.store)) log('seeded the demo county (示范县: 3 towns, 12 branches, ~300 members)');

  const deployed = loadDeployedFunctions(path.join(root, 'cloudfunctions'));
  const functions = Object.fromEntries(deployed.map((f) => [f.name, f.main]));
  // the web console as `npm run build:console` left it (package.json's start builds it first)
  const consoleDir = path.join(root, 'console', 'dist');
  // HOST: loopback by default (the DevTools simulator); a LAN address lets a real phone's preview
  // reach it, and then every call must carry this start's access token
  const host = (process.env.HOST ?? '127.0.0.1').trim();
  const accessToken = isLoopback(host) ? undefined : randomBytes(16).toString('hex');
  const gateway = await startGateway({ cloud, functions, identities: () => devIdentities(cloud.store), host, port, consoleDir, accessToken });
  // timer triggers fire on their config.json cron (China time), as on CloudBase
  const scheduler = new TimerScheduler(cloud, deployed, { log });
  scheduler.start();
  const ids = devIdentities(cloud.store);
  console.log(`\n红管家 local cloud: ${gateway.url}`);
  console.log(`  functions: ${Object.keys(functions).join(', ') || '(none built)'}`);
  console.log(`  web console: ${gateway.url}/console/ (scan to log in with a staff identity: POST /fn/auth {action: 'console.confirm', requestId} as that x-openid)`);
  console.log(`  timers: ${scheduler.describe().join(', ') || '(none)'}`);
  console.log(`  GET ${gateway.url}/health · GET ${gateway.url}/dev/identities · POST ${gateway.url}/fn/<function> (header x-openid)`);
  console.log(`  demo identities (${ids.length}), e.g.:`);
  const shown = new Set<string>();
  for (const i of ids) {
    const key = i.roles.map((x) => x.role).join('+');
    if (shown.has(key)) continue;
    shown.add(key);
    console.log(`    x-openid: ${i.openid.padEnd(24)} ${i.name} (${i.roles.map((x) => `${x.role}@${x.orgId}`).join(', ')})`);
  }
  if (accessToken) warnLan(gateway.url, host, accessToken);
  console.log('  Ctrl-C to stop.\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    await gateway.close();
    await scheduler.stop();
    await cloud.close();
    log('stopped cleanly; data compacted');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
