import { describe, expect, it } from '@jest/globals';
import { formatPlan, planChanges } from '../../scripts/deploy/plan';
import { canonicalJson, codeHashOf, functionDescription, indexName, type CloudState, type FunctionState } from '../../scripts/deploy/state';

const RULE = canonicalJson({ read: false, write: false });
const HASH = 'a'.repeat(64);

function fn(over: Partial<FunctionState> = {}): FunctionState {
  return {
    name: 'points',
    runtime: 'Nodejs18.15',
    handler: 'index.main',
    timeout: 60,
    memorySize: 256,
    codeHash: HASH,
    triggers: [{ name: 'tick', type: 'timer', config: '0 * * * * * *' }],
    envVariables: { MINIPROGRAM_STATE: 'formal' },
    openapi: ['subscribeMessage.send'],
    ...over,
  };
}

function desired(): CloudState {
  return {
    collections: [
      {
        name: 'members',
        indexes: [
          { name: indexName('openid'), field: 'openid', unique: true },
          { name: indexName('branchId'), field: 'branchId', unique: false },
        ],
        rule: RULE,
      },
      { name: 'storeJobs', indexes: [], rule: RULE },
    ],
    storageRule: canonicalJson({ read: false, write: 'resource.openid == auth.openid' }),
    functions: [fn()],
  };
}

/** The actual state an env has after a perfect deploy (the read-back drops what it cannot read). */
function deployed(): CloudState {
  const d = desired();
  return { ...d, functions: d.functions.map((f) => ({ ...f, openapi: undefined })) };
}

describe('deploy plan (pure)', () => {
  it('plans every collection, index, rule and function for an empty env', () => {
    const plan = planChanges(desired(), { collections: [], functions: [] });
    expect(plan.changes.map((c) => c.kind)).toEqual([
      'createCollection',
      'createIndex',
      'createIndex',
      'setCollectionRule',
      'createCollection',
      'setCollectionRule',
      'setStorageRule',
      'createFunction',
    ]);
    const text = formatPlan(plan);
    expect(text).toContain('+ index members.openid_1 (openid, unique)');
    expect(text).toContain('+ index members.branchId_1 (branchId)');
    expect(text).toContain('+ collection storeJobs');
    expect(text).toContain('+ function points (runtime Nodejs18.15, timeout 60s, memory 256MB, triggers tick "0 * * * * * *", openapi [subscribeMessage.send]');
  });

  it('answers no changes when the env already matches', () => {
    const plan = planChanges(desired(), deployed());
    expect(plan).toEqual({ changes: [], blockers: [], notes: [] });
    expect(formatPlan(plan)).toBe('no changes (无变更)');
  });

  it('creates only the missing index and replaces one whose uniqueness differs', () => {
    const actual = deployed();
    actual.collections[0].indexes = [{ name: 'openid_1', field: 'openid', unique: false }];
    const plan = planChanges(desired(), actual);
    expect(plan.changes).toEqual([
      { kind: 'replaceIndex', collection: 'members', index: { name: 'openid_1', field: 'openid', unique: true }, was: { name: 'openid_1', field: 'openid', unique: false } },
      { kind: 'createIndex', collection: 'members', index: { name: 'branchId_1', field: 'branchId', unique: false } },
    ]);
  });

  it('updates code, configuration and a changed timer (delete then create), and keeps what the repo does not name', () => {
    const actual = deployed();
    actual.functions = [
      fn({ codeHash: 'b'.repeat(64), timeout: 3, envVariables: {}, triggers: [{ name: 'tick', type: 'timer', config: '0 0 * * * * *' }], openapi: undefined }),
      fn({ name: 'legacy', openapi: undefined }),
    ];
    actual.collections.push({ name: 'old', indexes: [], rule: RULE });
    const plan = planChanges(desired(), actual);
    expect(plan.changes.map((c) => c.kind)).toEqual(['updateFunctionCode', 'updateFunctionConfig', 'deleteTrigger', 'createTrigger']);
    expect(plan.changes[1]).toMatchObject({ kind: 'updateFunctionConfig', fields: ['timeout', 'envVariables'] });
    expect(plan.notes).toEqual(['collection old is not in core/db/schema.ts (kept)', 'function legacy is not in cloudfunctions/ (kept)']);
  });

  it('keeps the variables set in the console: only its own are compared, and an update carries the others', () => {
    const actual = deployed();
    actual.functions = [fn({ envVariables: { MINIPROGRAM_STATE: 'formal', POINTS_EXPIRY_AT: '12-31 20:00' }, openapi: undefined })];
    expect(planChanges(desired(), actual).changes).toEqual([]);
    actual.functions = [fn({ timeout: 3, codeHash: 'c'.repeat(64), envVariables: { MINIPROGRAM_STATE: 'trial', CONSOLE_LOGIN_KEY: 'k' }, openapi: undefined })];
    const plan = planChanges(desired(), actual);
    const vars = { MINIPROGRAM_STATE: 'formal', CONSOLE_LOGIN_KEY: 'k' };
    expect(plan.changes).toEqual([expect.objectContaining({ kind: 'updateFunctionCode', vars }), expect.objectContaining({ kind: 'updateFunctionConfig', fields: ['timeout', 'envVariables'], vars })]);
  });

  it('notes a bootstrap code left on a function (an unfinished npm run bootstrap)', () => {
    const actual = deployed();
    actual.functions = [fn({ envVariables: { MINIPROGRAM_STATE: 'formal', HGJ_BOOTSTRAP_CODE: 'x'.repeat(32) }, openapi: undefined })];
    const plan = planChanges(desired(), actual);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([expect.stringContaining('HGJ_BOOTSTRAP_CODE set (an unfinished bootstrap)')]);
  });

  it('deletes a timer the function’s config.json no longer declares', () => {
    const actual = deployed();
    actual.functions = [fn({ triggers: [...fn().triggers, { name: 'old', type: 'timer', config: '0 0 1 * * * *' }], openapi: undefined })];
    expect(planChanges(desired(), actual).changes).toEqual([{ kind: 'deleteTrigger', fn: 'points', trigger: { name: 'old', type: 'timer', config: '0 0 1 * * * *' } }]);
  });

  it('blocks a runtime change, which SCF cannot make in place', () => {
    const actual = deployed();
    actual.functions = [fn({ runtime: 'Nodejs10.15', openapi: undefined })];
    const plan = planChanges(desired(), actual);
    expect(plan.blockers).toHaveLength(1);
    expect(plan.blockers[0].why).toContain('runtime is Nodejs10.15');
    expect(formatPlan(plan)).toContain('cannot deploy in place');
  });

  it('sets a rule that differs, compared as canonical JSON', () => {
    const actual = deployed();
    actual.collections[1].rule = '(PRIVATE)';
    expect(planChanges(desired(), actual).changes).toEqual([{ kind: 'setCollectionRule', collection: 'storeJobs', rule: RULE, was: '(PRIVATE)' }]);
    expect(canonicalJson({ write: false, read: false })).toBe(RULE);
  });

  it('carries the code hash in the function description and reads it back', () => {
    expect(codeHashOf(functionDescription(HASH))).toBe(HASH);
    expect(codeHashOf('hand-made function')).toBe('');
  });
});
