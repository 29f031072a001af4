import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateConfig } from '../../emulator/functions';
import { FunctionTimeout } from '../../emulator/local-cloud';
import { rejection, startLocalCloud, type TestCloud } from './helpers';

// Conformance: a deployed function runs at most its config.json timeout (CloudBase default 3 s,
// docs.cloudbase.net/cloud-function/function-configuration/config). Past it the platform ends the
// run: "Invoking task timed out after N seconds" (SCF log: errorCode -1, statusCode 433, reported in
// trojblue/TSDM-coin-farmer#7), and a mini-program's wx.cloud.callFunction fails with errCode
// -504003, `cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after
// 3 seconds` (reported in Mint-green/UnlearnableWord#10).

let t: TestCloud;
beforeAll(() => {
  t = startLocalCloud({ collections: [{ name: 'slow' }] });
});
afterAll(() => t.close());

const slowFn = { name: 'slow', config: validateConfig({ timeout: 1 }, 'slow') };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('function timeouts', () => {
  it('ends an invocation at its timeout with -504003 "Invoking task timed out after 1 seconds"', async () => {
    const started = Date.now();
    const e = await rejection(
      t.cloud.invoke(
        async () => {
          await sleep(3000);
          return 'too late';
        },
        {},
        {},
        { fn: slowFn },
      ),
    );
    const took = Date.now() - started;
    expect(e).toBeInstanceOf(FunctionTimeout);
    expect(e).toMatchObject({ errCode: -504003, errMsg: 'Invoking task timed out after 1 seconds' });
    expect((e as FunctionTimeout).callFunctionFailure()).toEqual({
      errCode: -504003,
      errMsg: 'cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 1 seconds',
    });
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(2000);
  });

  it('serves nothing the timed-out run sends afterwards: its late write never lands', async () => {
    const coll = t.db.collection('slow');
    let late: unknown;
    await rejection(
      t.cloud.invoke(
        async () => {
          await coll.add({ data: { _id: 'early' } });
          await sleep(1300);
          try {
            await coll.add({ data: { _id: 'late' } });
          } catch (err) {
            late = err;
          }
        },
        {},
        {},
        { fn: slowFn },
      ),
    );
    await sleep(500);
    expect(late).toMatchObject({ errCode: -1 });
    expect((await coll.where({}).get()).data.map((d) => d._id)).toEqual(['early']);
  });

  it('lets a run that finishes in time answer normally', async () => {
    const r = await t.cloud.invoke(
      async () => {
        await sleep(200);
        return 'on time';
      },
      {},
      {},
      { fn: slowFn },
    );
    expect(r.result).toBe('on time');
  });
});
