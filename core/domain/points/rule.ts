import type { RuleDef } from '../rules/catalog';

/** A stored rule version. `_id` is `CODE@version`; entries keep the version they used. */
export type RuleDoc = RuleDef & {
  _id: string;
  version: number;
  /** The org whose members the rule applies to (county-wide or a town's own rules). */
  scopeOrgId: string;
  status: 'active' | 'superseded' | 'disabled';
  activeFrom: Date;
  activeTo: Date | null;
  createdAt: Date;
};

/** What a ledger entry needs of its rule. */
export type RuleRef = Pick<RuleDoc, '_id' | 'code' | 'version' | 'caps'>;

/** A rule version as copied onto what earns under it (an event, a claim): ref plus its amounts. */
export type RuleSnapshot = RuleRef & Pick<RuleDoc, 'name' | 'evalPoints' | 'redeemPoints'>;

export const ruleSnapshot = (r: RuleDoc): RuleSnapshot => ({
  _id: r._id,
  code: r.code,
  version: r.version,
  caps: r.caps,
  name: r.name,
  evalPoints: r.evalPoints,
  redeemPoints: r.redeemPoints,
});

/** Just the ref of a snapshot (what a ledger entry records). */
export const ruleRefOf = (r: RuleRef): RuleRef => ({ _id: r._id, code: r.code, version: r.version, caps: r.caps });

export const ruleId = (code: string, version: number): string => `${code}@${version}`;

/** Is the rule usable at `at`? */
export function ruleActive(rule: Pick<RuleDoc, 'status' | 'activeFrom' | 'activeTo'>, at: Date): boolean {
  return rule.status === 'active' && rule.activeFrom.getTime() <= at.getTime() && (!rule.activeTo || at.getTime() < rule.activeTo.getTime());
}
