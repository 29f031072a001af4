import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FunctionConfig } from '../functions';

/**
 * What the management APIs set that the database store does not hold: deployed functions (their
 * SCF configuration, triggers and uploaded code), security rules, and index names. Collections and
 * indexes themselves live in the store (the ones the database then uses). Durable beside the
 * store when the local cloud has a directory (`management.json`; the code zips stay in memory,
 * their hashes are kept).
 */
export type TriggerRecord = { name: string; type: 'timer'; cron: string; addTime: string };

export type FunctionRecord = {
  name: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  description: string;
  environment: { Key: string; Value: string }[];
  triggers: TriggerRecord[];
  /** sha256 of each uploaded file, by path inside the zip. */
  files: Record<string, string>;
  codeSize: number;
  /** `permissions.openapi` of the uploaded config.json: what the platform lets the function call. */
  openapi: string[];
  installDependency: string;
  addTime: string;
  modTime: string;
};

export type RuleRecord = { permission: string; securityRule?: string };

type Data = {
  functions: Record<string, FunctionRecord>;
  collectionRules: Record<string, RuleRecord>;
  storageRule?: { acl: string; rule?: string };
  /** Index names given at creation, by collection then field (an index made by applySchema is `<field>_1`). */
  indexNames: Record<string, Record<string, string>>;
};

export class ManagementState {
  private data: Data = { functions: {}, collectionRules: {}, indexNames: {} };
  /** The last uploaded zip of each function (in memory only). */
  readonly code = new Map<string, Buffer>();
  private readonly file?: string;

  constructor(dir?: string) {
    if (dir) {
      this.file = path.join(dir, 'management.json');
      if (fs.existsSync(this.file)) this.data = { ...this.data, ...(JSON.parse(fs.readFileSync(this.file, 'utf8')) as Data) };
    }
  }

  private save(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 1));
    fs.renameSync(tmp, this.file);
  }

  fn(name: string): FunctionRecord | undefined {
    return this.data.functions[name];
  }

  functions(): FunctionRecord[] {
    return Object.values(this.data.functions).sort((a, b) => a.name.localeCompare(b.name));
  }

  putFunction(rec: FunctionRecord): void {
    this.data.functions[rec.name] = rec;
    this.save();
  }

  collectionRule(c: string): RuleRecord | undefined {
    return this.data.collectionRules[c];
  }

  setCollectionRule(c: string, rule: RuleRecord): void {
    this.data.collectionRules[c] = rule;
    this.save();
  }

  storageRule(): { acl: string; rule?: string } | undefined {
    return this.data.storageRule;
  }

  setStorageRule(rule: { acl: string; rule?: string }): void {
    this.data.storageRule = rule;
    this.save();
  }

  indexName(c: string, field: string): string {
    return this.data.indexNames[c]?.[field] ?? `${field}_1`;
  }

  setIndexName(c: string, field: string, name: string): void {
    (this.data.indexNames[c] ??= {})[field] = name;
    this.save();
  }

  /**
   * A deployed function's configuration as the local cloud runs it: the SCF timeout, its timer
   * triggers and the open APIs its uploaded config.json declares.
   */
  deployedConfig(name: string): FunctionConfig | undefined {
    const f = this.fn(name);
    if (!f) return undefined;
    return { timeout: f.timeout, triggers: f.triggers.map((t) => ({ name: t.name, type: t.type, config: t.cron })), permissions: { openapi: [...f.openapi] } };
  }
}
