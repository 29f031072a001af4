import { BOOTSTRAP_CODE_ENV } from '../../core/domain/org/bootstrap';
import type { CloudState, CollectionState, FunctionState, IndexState, TriggerState } from './state';

/**
 * The deploy plan, pure: desired state vs actual state -> the list of changes that makes the env
 * match the repo. Applying the changes and reading back must give an empty plan (a second
 * `--apply` changes nothing). No data or function is deleted: a collection, index or function the
 * repo no longer has is reported as a note and kept (dropping data or a running function is a
 * console decision, not a deploy's); a deployed function's timers follow its config.json.
 */
export type Change =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'createIndex'; collection: string; index: IndexState }
  /** Same name, other uniqueness: CloudBase cannot alter an index, so drop it and build it again. */
  | { kind: 'replaceIndex'; collection: string; index: IndexState; was: IndexState }
  | { kind: 'setCollectionRule'; collection: string; rule: string; was?: string }
  | { kind: 'setStorageRule'; rule: string; was?: string }
  | { kind: 'createFunction'; fn: FunctionState }
  /** `vars`: every variable the function keeps (see below). */
  | { kind: 'updateFunctionCode'; fn: FunctionState; was: string; vars: Record<string, string> }
  | { kind: 'updateFunctionConfig'; fn: FunctionState; fields: ConfigField[]; vars: Record<string, string> }
  | { kind: 'createTrigger'; fn: string; trigger: TriggerState }
  | { kind: 'deleteTrigger'; fn: string; trigger: TriggerState };

export type ConfigField = 'timeout' | 'memorySize' | 'envVariables';

/** A difference the deploy cannot fix in place (it stops before applying anything). */
export type Blocker = { what: string; why: string };

export type Plan = { changes: Change[]; blockers: Blocker[]; notes: string[] };

export function planChanges(desired: CloudState, actual: CloudState): Plan {
  const changes: Change[] = [];
  const blockers: Blocker[] = [];
  const notes: string[] = [];

  const haveCols = new Map(actual.collections.map((c) => [c.name, c]));
  for (const want of desired.collections) {
    const have = haveCols.get(want.name);
    if (!have) changes.push({ kind: 'createCollection', collection: want.name });
    planIndexes(want, have, changes, notes);
    if (want.rule !== undefined && want.rule !== have?.rule) changes.push({ kind: 'setCollectionRule', collection: want.name, rule: want.rule, was: have?.rule });
  }
  const wantCols = new Set(desired.collections.map((c) => c.name));
  for (const c of actual.collections) if (!wantCols.has(c.name)) notes.push(`collection ${c.name} is not in core/db/schema.ts (kept)`);

  if (desired.storageRule !== undefined && desired.storageRule !== actual.storageRule) changes.push({ kind: 'setStorageRule', rule: desired.storageRule, was: actual.storageRule });

  const haveFns = new Map(actual.functions.map((f) => [f.name, f]));
  for (const want of desired.functions) {
    const have = haveFns.get(want.name);
    if (!have) {
      changes.push({ kind: 'createFunction', fn: want });
      continue;
    }
    if (have.runtime !== want.runtime)
      blockers.push({
        what: `function ${want.name}`,
        why: `runtime is ${have.runtime}, wanted ${want.runtime}: SCF sets a runtime only at creation; delete the function in the console (its triggers too) and deploy again`,
      });
    if (have.handler !== want.handler) blockers.push({ what: `function ${want.name}`, why: `handler is ${have.handler}, wanted ${want.handler}` });
    // the deploy owns only its own variables: ones set in the console (CONSOLE_LOGIN_KEY,
    // POINTS_EXPIRY_AT...) are kept, since UpdateFunctionConfiguration replaces the whole set
    const vars = { ...have.envVariables, ...want.envVariables };
    if (have.codeHash !== want.codeHash) changes.push({ kind: 'updateFunctionCode', fn: want, was: have.codeHash, vars });
    const fields: ConfigField[] = [];
    if (have.timeout !== want.timeout) fields.push('timeout');
    if (have.memorySize !== want.memorySize) fields.push('memorySize');
    if (Object.entries(want.envVariables).some(([k, v]) => have.envVariables[k] !== v)) fields.push('envVariables');
    if (fields.length) changes.push({ kind: 'updateFunctionConfig', fn: want, fields, vars });
    if (have.envVariables[BOOTSTRAP_CODE_ENV] !== undefined)
      notes.push(`function ${want.name} still has ${BOOTSTRAP_CODE_ENV} set (an unfinished bootstrap): run npm run bootstrap again, or delete the variable in the console`);
    planTriggers(want, have, changes);
  }
  const wantFns = new Set(desired.functions.map((f) => f.name));
  for (const f of actual.functions) if (!wantFns.has(f.name)) notes.push(`function ${f.name} is not in cloudfunctions/ (kept)`);

  return { changes, blockers, notes };
}

function planIndexes(want: CollectionState, have: CollectionState | undefined, changes: Change[], notes: string[]): void {
  const existing = new Map((have?.indexes ?? []).map((i) => [i.name, i]));
  for (const idx of want.indexes) {
    const cur = existing.get(idx.name);
    if (!cur) changes.push({ kind: 'createIndex', collection: want.name, index: idx });
    else if (cur.unique !== idx.unique || cur.field !== idx.field) changes.push({ kind: 'replaceIndex', collection: want.name, index: idx, was: cur });
  }
  const wanted = new Set(want.indexes.map((i) => i.name));
  for (const i of have?.indexes ?? []) if (!wanted.has(i.name)) notes.push(`index ${want.name}.${i.name} is not in core/db/schema.ts (kept)`);
}

/** A timer's cron cannot be edited in place on SCF: a changed trigger is deleted and created again. */
function planTriggers(want: FunctionState, have: FunctionState, changes: Change[]): void {
  const existing = new Map(have.triggers.map((t) => [t.name, t]));
  const wanted = new Map(want.triggers.map((t) => [t.name, t]));
  for (const t of have.triggers) {
    const w = wanted.get(t.name);
    if (!w || w.config !== t.config || w.type !== t.type) changes.push({ kind: 'deleteTrigger', fn: want.name, trigger: t });
  }
  for (const t of want.triggers) {
    const h = existing.get(t.name);
    if (!h || h.config !== t.config || h.type !== t.type) changes.push({ kind: 'createTrigger', fn: want.name, trigger: t });
  }
}

/** One line per change, for the plan and the apply log. */
export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'createCollection':
      return `+ collection ${c.collection}`;
    case 'createIndex':
      return `+ index ${c.collection}.${c.index.name} (${c.index.field}${c.index.unique ? ', unique' : ''})`;
    case 'replaceIndex':
      return `~ index ${c.collection}.${c.index.name}: unique ${c.was.unique} -> ${c.index.unique} (dropped and built again)`;
    case 'setCollectionRule':
      return `~ security rule of ${c.collection}: ${c.was ?? '(none)'} -> ${c.rule}`;
    case 'setStorageRule':
      return `~ storage security rule: ${c.was ?? '(none)'} -> ${c.rule}`;
    case 'createFunction':
      return `+ function ${describeFunction(c.fn)}`;
    case 'updateFunctionCode':
      return `~ function ${c.fn.name}: code ${short(c.was)} -> ${short(c.fn.codeHash)}`;
    case 'updateFunctionConfig':
      return `~ function ${c.fn.name}: ${c.fields.map((f) => `${f} -> ${f === 'envVariables' ? vars(c.fn.envVariables) : String(c.fn[f])}`).join(', ')}`;
    case 'createTrigger':
      return `+ trigger ${c.fn}.${c.trigger.name} (${c.trigger.type} "${c.trigger.config}")`;
    case 'deleteTrigger':
      return `- trigger ${c.fn}.${c.trigger.name} (${c.trigger.type} "${c.trigger.config}")`;
  }
}

export function describeFunction(f: FunctionState): string {
  const triggers = f.triggers.map((t) => `${t.name} "${t.config}"`).join('; ') || 'none';
  const openapi = f.openapi === undefined ? '' : `, openapi [${f.openapi.join(', ')}]`;
  return `${f.name} (runtime ${f.runtime}, timeout ${f.timeout}s, memory ${f.memorySize}MB, triggers ${triggers}${openapi}, env ${vars(f.envVariables)}, code ${short(f.codeHash)})`;
}

function vars(v: Record<string, string>): string {
  const keys = Object.keys(v).sort();
  return keys.length ? keys.map((k) => `${k}=${v[k]}`).join(' ') : '(none)';
}

function short(hash: string): string {
  return hash ? hash.slice(0, 12) : '(unknown)';
}

/** The plan as printed: changes, then blockers and notes; "no changes" when there is nothing to do. */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  if (!plan.changes.length && !plan.blockers.length) lines.push('no changes (无变更)');
  else if (plan.changes.length) lines.push(`${plan.changes.length} change(s) (${plan.changes.length} 项变更):`, ...plan.changes.map((c) => `  ${describeChange(c)}`));
  if (plan.blockers.length) lines.push(`cannot deploy in place (无法直接部署):`, ...plan.blockers.map((b) => `  ! ${b.what}: ${b.why}`));
  if (plan.notes.length) lines.push('notes:', ...plan.notes.map((n) => `  · ${n}`));
  return lines.join('\n');
}

/**
 * The full desired state, for a run without credentials: every collection with every index by
 * name, every security rule, every function with its settings.
 */
export function formatDesired(desired: CloudState): string {
  const lines = [`collections (${desired.collections.length} 个集合):`];
  for (const c of desired.collections) {
    lines.push(`  ${c.name}  rule ${c.rule ?? '(none)'}`);
    for (const i of c.indexes) lines.push(`    index ${i.name} (${i.field}${i.unique ? ', unique' : ''})`);
    if (!c.indexes.length) lines.push('    (no index but _id)');
  }
  lines.push(`storage rule: ${desired.storageRule ?? '(none)'}`);
  lines.push(`functions (${desired.functions.length} 个云函数):`);
  for (const f of desired.functions) lines.push(`  ${describeFunction(f)}`);
  return lines.join('\n');
}

/** Counts of what an env holds, for the read-back's before/after line. */
export function summarize(state: CloudState): Record<'collections' | 'indexes' | 'rules' | 'functions' | 'triggers', number> {
  return {
    collections: state.collections.length,
    indexes: state.collections.reduce((n, c) => n + c.indexes.length, 0),
    rules: state.collections.filter((c) => c.rule?.startsWith('{')).length,
    functions: state.functions.length,
    triggers: state.functions.reduce((n, f) => n + f.triggers.length, 0),
  };
}

/** `collections 0 -> 44, indexes 0 -> 104, …` (what an apply changed, as read back). */
export function formatReadBack(before: CloudState, after: CloudState): string {
  const a = summarize(before);
  const b = summarize(after);
  return (Object.keys(a) as (keyof typeof a)[]).map((k) => `${k} ${a[k]} -> ${b[k]}`).join(', ');
}
