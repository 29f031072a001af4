/**
 * What a CloudBase env holds for 红管家, in one shape for both sides of the plan: the desired
 * state (read from the repo: core/db/schema.ts, cloudbase/security-rules.json, each built
 * cloudfunctions/<fn>/) and the actual state (read back from the env through
 * @cloudbase/manager-node). Plain data, no SDK types, so plan.ts stays pure.
 */

/** A database index as CloudBase names it: one ascending key, `<field>_1` (MongoDB's default name). */
export type IndexState = { name: string; field: string; unique: boolean };

export type CollectionState = {
  name: string;
  indexes: IndexState[];
  /** The collection's security rule as canonical JSON (`{"read":false,"write":false}`), if known. */
  rule?: string;
};

export type TriggerState = { name: string; type: 'timer'; config: string };

export type FunctionState = {
  name: string;
  /** SCF runtime, e.g. `Nodejs18.15`; fixed at creation (UpdateFunctionConfiguration cannot change it). */
  runtime: string;
  handler: string;
  /** Seconds. */
  timeout: number;
  /** MB. */
  memorySize: number;
  /**
   * sha256 of what is uploaded (index.js, package.json, config.json), carried in the function's
   * Description (`红管家 code sha256:<hex>`), since SCF answers no content hash of the code.
   */
  codeHash: string;
  triggers: TriggerState[];
  envVariables: Record<string, string>;
  /**
   * Open APIs the function may call (config.json `permissions.openapi`). Desired side only: the
   * platform reads them from the uploaded config.json, and no management API answers them, so
   * they are deployed and compared through `codeHash` (docs/operations.md).
   */
  openapi?: string[];
};

export type CloudState = {
  collections: CollectionState[];
  /** The storage security rule as canonical JSON, if known. */
  storageRule?: string;
  functions: FunctionState[];
};

/** The index name CloudBase shows for an ascending single-field index. */
export function indexName(field: string): string {
  return `${field}_1`;
}

/** JSON with sorted keys, so two equal rules compare equal whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/** The Description a deployed function carries: a readable label plus the code hash. */
export function functionDescription(codeHash: string): string {
  return `红管家 code sha256:${codeHash}`;
}

/** The code hash out of a deployed function's Description ('' when it was not deployed by this tool). */
export function codeHashOf(description: string | undefined): string {
  return /sha256:([0-9a-f]{64})/.exec(description ?? '')?.[1] ?? '';
}
