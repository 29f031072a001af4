import { createHash } from 'node:crypto';

/**
 * Tamper evidence for the ledger: each member's entries form a hash chain. An entry carries its
 * number in the member's ledger (`seq`, 1, 2, …), the hash of the member's previous entry
 * (`prevHash`, null for the first) and its own `hash`: sha256 over the canonical JSON of its
 * economically relevant fields and `prevHash`. The member's balance document keeps the head
 * (the last entry's hash), written in the same transaction as the entry, so an entry edited or
 * removed behind the functions' back no longer links up and the audit names it.
 */

/** The fields an entry's hash covers (the note, the org attribution and derived data are not). */
export type Chained = {
  _id: string;
  memberId: string;
  seq: number;
  prevHash: string | null;
  eval: number;
  redeem: number;
  ruleId: string;
  ruleCode: string;
  ruleVersion: number;
  source: { type: string; id: string };
  units: number;
  capKeys: string[];
  reversalOf: string | null;
  actorId: string;
  createdAt: Date;
};

/** JSON with object keys sorted at every level and instants as ISO strings: one text per value. */
export function canonicalJson(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** sha256 (hex) of an entry's chained content. */
export function entryHash(e: Chained): string {
  const content: Chained = {
    _id: e._id,
    memberId: e.memberId,
    seq: e.seq,
    prevHash: e.prevHash ?? null,
    eval: e.eval,
    redeem: e.redeem,
    ruleId: e.ruleId,
    ruleCode: e.ruleCode,
    ruleVersion: e.ruleVersion,
    source: { type: e.source?.type, id: e.source?.id },
    units: e.units,
    capKeys: e.capKeys,
    reversalOf: e.reversalOf ?? null,
    actorId: e.actorId,
    createdAt: new Date(e.createdAt),
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Walks one member's chain in posting order and names the first broken link, or null when every
 * entry is intact and the last one is the balance's head. An entry is broken when its number is
 * out of sequence (one before it is missing), its content no longer matches its own hash, or it
 * is the first entry yet names a predecessor; when an entry's recorded `prevHash` disagrees with
 * its (self-consistent) predecessor, the predecessor was rewritten after it was chained and is
 * named; a head that is not the last entry's hash names the last entry (or, with no entries left,
 * the member's head itself).
 */
export function firstBrokenLink(entries: readonly (Chained & { hash: string })[], head: string | null | undefined): string | null {
  const chain = [...entries].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a._id.localeCompare(b._id));
  for (let i = 0; i < chain.length; i++) {
    const e = chain[i];
    if (e.seq !== i + 1 || typeof e.hash !== 'string' || entryHash(e) !== e.hash) return e._id;
    if (i === 0 ? (e.prevHash ?? null) !== null : e.prevHash !== chain[i - 1].hash) return i === 0 ? e._id : chain[i - 1]._id;
  }
  const last = chain[chain.length - 1];
  if ((last?.hash ?? null) !== (head ?? null)) return last ? last._id : `head:${head}`;
  return null;
}
