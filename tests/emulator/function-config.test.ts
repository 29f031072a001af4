import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { timerNames } from '../../core/runtime/router';
import { FUNCTIONS_ROOT, FunctionConfigError, MAX_TIMEOUT_SEC, readFunctionConfig, validateConfig } from '../../emulator/functions';

// Conformance: cloudfunctions/<fn>/config.json as CloudBase reads it.
// - triggers: "目前仅支持一个触发器，即数组只能填写一个"; name "最大支持 60 个字符，支持 a-z, A-Z,
//   0-9, - 和 _。必须以字母开头"; type timer; 7-field cron (WeChat guide "定时触发器",
//   guide/functions/triggers.md).
// - timeout: default 3 s (docs.cloudbase.net/cloud-function/function-configuration/config); the
//   WeChat cloud console accepts 1-60 s (developers.weixin.qq.com community: "前端限制输入1-60s").
// - permissions.openapi: the open APIs the function may call (guide/openapi/openapi.html).

const functionNames = fs.readdirSync(FUNCTIONS_ROOT).filter((f) => fs.existsSync(path.join(FUNCTIONS_ROOT, f, 'main.ts')));

describe('every cloud function config.json', () => {
  it('exists for each function and states its timeout explicitly, within 1-60 s', () => {
    expect(functionNames).toEqual(expect.arrayContaining(['auth', 'events', 'org', 'points', 'store']));
    for (const fn of functionNames) {
      const file = path.join(FUNCTIONS_ROOT, fn, 'config.json');
      expect([fn, fs.existsSync(file)]).toEqual([fn, true]);
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { timeout?: unknown };
      expect([fn, typeof raw.timeout]).toEqual([fn, 'number']);
      expect(readFunctionConfig(path.join(FUNCTIONS_ROOT, fn)).timeout).toBeLessThanOrEqual(MAX_TIMEOUT_SEC);
    }
  });

  it("declares exactly the timer jobs of the function's table: a job runs only as a declared trigger", () => {
    for (const fn of functionNames) {
      // the entry that gets bundled: loading it defines the function's tables
      require(path.join(FUNCTIONS_ROOT, fn, 'main.ts'));
      const declared = readFunctionConfig(path.join(FUNCTIONS_ROOT, fn)).triggers.map((t) => t.name);
      expect([fn, [...timerNames(fn)].sort()]).toEqual([fn, declared.sort()]);
    }
    // points has one trigger that dispatches; its jobs are not triggers of their own
    expect(timerNames('points')).toEqual(['tick']);
  });

  it('names every timer trigger once across all functions, so a trigger name says which function runs', () => {
    const names = functionNames.flatMap((fn) => readFunctionConfig(path.join(FUNCTIONS_ROOT, fn)).triggers.map((t) => t.name));
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe('open-API permissions', () => {
  it('points, which sends subscribe messages (core/db/openapi.ts), declares subscribeMessage.send', () => {
    expect(readFunctionConfig(path.join(FUNCTIONS_ROOT, 'points')).permissions.openapi).toEqual(['subscribeMessage.send']);
  });
});

describe('config.json validation (as the upload would refuse)', () => {
  it.each([
    [{ timeout: 0 }, /timeout/],
    [{ timeout: 61 }, /timeout/],
    [{ timeout: 2.5 }, /timeout/],
    [
      {
        triggers: [
          { name: 'a', type: 'timer', config: '0 * * * * * *' },
          { name: 'b', type: 'timer', config: '0 * * * * * *' },
        ],
      },
      /at most one trigger/,
    ],
    [{ triggers: [{ name: '1st', type: 'timer', config: '0 * * * * * *' }] }, /start with a letter/],
    [{ triggers: [{ name: 'a', type: 'cos', config: '0 * * * * * *' }] }, /only type "timer"/],
    [{ triggers: [{ name: 'a', type: 'timer', config: '0 * * * *' }] }, /7 fields/],
    [{ permissions: { openapi: ['send'] } }, /permissions.openapi/],
  ])('refuses %j', (raw, why) => {
    expect(() => validateConfig(raw, 'x')).toThrow(FunctionConfigError);
    expect(() => validateConfig(raw, 'x')).toThrow(why);
  });

  it('fills CloudBase defaults: 3 s, no trigger, no open API', () => {
    expect(validateConfig(undefined, 'x')).toEqual({ timeout: 3, triggers: [], permissions: { openapi: [] } });
    expect(validateConfig({}, 'x')).toEqual({ timeout: 3, triggers: [], permissions: { openapi: [] } });
  });
});
