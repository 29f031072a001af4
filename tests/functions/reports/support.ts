import type { MemberDoc, OrgDoc } from '../../../core/domain/org/model';
import { emptyBalance, type EntryDraft } from '../../../core/domain/points/ledger';
import type { RuleDoc } from '../../../core/domain/points/rule';
import type { LocalCloud } from '../../../emulator/local-cloud';

/**
 * A branch of its own under town t1 for ranking tests (the demo branches carry seeded entries),
 * or under another town, or directly under the county (`townId: 'county'`, a 县直 branch),
 * with members r<prefix>1…n, each with an empty balance; the last one is its secretary.
 * Openids are `t-<memberId>`.
 */
export async function rankingBranch(cloud: LocalCloud, branchId: string, n: number, opts: { name?: string; townId?: string } = {}): Promise<{ branch: OrgDoc; members: MemberDoc[] }> {
  const townId = opts.townId ?? 't1';
  const now = new Date('2026-01-01T00:00:00Z');
  const branch: OrgDoc = {
    _id: branchId,
    name: opts.name ?? `${branchId}测试支部`,
    type: 'branch',
    parentId: townId,
    ancestors: townId === 'county' ? ['county', branchId] : ['county', townId, branchId],
    createdAt: now,
  };
  await cloud.store.insert('orgs', [branch as unknown as Record<string, unknown>]).durable;
  const members: MemberDoc[] = Array.from({ length: n }, (_, i) => {
    const id = `${branchId}m${i + 1}`;
    return {
      _id: id,
      openid: `t-${id}`,
      name: `测试${branchId}${i + 1}`,
      phone: `1990000${String(i).padStart(4, '0')}`,
      branchId,
      groupId: null,
      ancestors: branch.ancestors,
      partyStatus: 'full',
      status: 'active',
      joinedAt: null,
      flow: false,
      roles: i === n - 1 ? [{ role: 'secretary', orgId: branchId }] : [],
      createdAt: now,
      updatedAt: now,
    };
  });
  if (members.length) {
    await cloud.store.insert('members', members as unknown as Record<string, unknown>[]).durable;
    await cloud.store.insert(
      'balances',
      members.map((m) => emptyBalance(m._id, m.ancestors) as unknown as Record<string, unknown>),
    ).durable;
  }
  return { branch, members };
}

/** An award-like entry of `evalPoints` for `m` at `at`, outside every cap (units 0). */
export function points(m: MemberDoc, rule: RuleDoc, key: string, evalPoints: number, at: Date): EntryDraft {
  return { key, memberId: m._id, ancestors: m.ancestors, eval: evalPoints, redeem: Math.max(0, evalPoints), rule, source: { type: 'award', id: key }, units: 0, actorId: 'test', at };
}
