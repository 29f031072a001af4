/**
 * `npm start`: the local cloud on 127.0.0.1 with the built cloud functions, seeded with the
 * demo county on first start. PORT (default 3210) and DATA_DIR (default .localcloud/). It lives
 * in scripts/ because it puts the local cloud and the demo seed together: emulator/ imports
 * nothing of the project's tools.
 */
import * as path from 'node:path';
import { applyLocalFunctionEnv } from '../emulator/function-env';
import { loadDeployedFunctions } from '../emulator/functions';
import { startGateway } from '../emulator/gateway/server';
import { LocalCloud } from '../emulator/local-cloud';
import { applySchema } from '../emulator/schema-setup';
import { TimerScheduler } from '../emulator/scheduler';
import { devIdentities } from './seed/identities';
import { seedIfEmpty } from './seed/load';

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
  const gateway = await startGateway({ cloud, functions, identities: () => devIdentities(cloud.store), port, consoleDir });
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
