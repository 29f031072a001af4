import type { IssueDetail, IssueResult } from '../../../core/contracts/grid';
import type { Result } from '../../../core/contracts/envelope';
import type { IssueDoc } from '../../../core/domain/grid/issue';
import { flattenShards, recount, sameCounters, type StatsNode } from '../../../core/domain/grid/kpi';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { expectOk, type Call } from '../../support/cloud';
import { bindAs, grantRole, photo } from '../../support/ledger';

/**
 * Demo identities (scripts/seed/demo-county.ts): b01's secretary m0001, the grid leader of its
 * group 2 (m0002), a member m0003 (group 3); LEADER2 (m0007, group 1) is made leader of group 1
 * by `setUpLeader2`.
 */
export const LEADER = 'demo-grid-b01g2';
export const LEADER_ID = 'm0002';
export const GRID = 'b01g2';
export const LEADER2 = 't-m0007';
export const GRID2 = 'b01g1';
export const SECRETARY = 'demo-secretary-b01';
export const MEMBER = 'demo-member-b01';
export const MEMBER_ID = 'm0003';
export const TOWN = 'demo-admin-t1';
export const COUNTY = 'demo-admin-county';
export const OTHER_LEADER = 'demo-grid-b05g2';

export async function setUpLeader2(cloud: LocalCloud): Promise<void> {
  await bindAs(cloud, 'm0007');
  await grantRole(cloud, 'm0007', 'gridLeader', GRID2);
}

export const PLACE = { latitude: 34.7466, longitude: 113.6253 };

export async function report(call: Call, openid: string, memberId: string, over: Record<string, unknown> = {}): Promise<IssueDetail> {
  const r = await call<IssueResult>(openid, {
    action: 'issues.report',
    category: 'safety',
    text: '树冠触碰电线',
    photos: [photo(`p${Math.random().toString(36).slice(2)}`, memberId)],
    location: PLACE,
    ...over,
  });
  return expectOk(r).issue;
}

export const act = async (call: Call, openid: string, action: string, issueId: string, extra: Record<string, unknown> = {}): Promise<Result<IssueResult>> =>
  call<IssueResult>(openid, { action, issueId, ...extra });

export const issueDoc = (cloud: LocalCloud, id: string): IssueDoc => cloud.store.getById('gridIssues', id) as unknown as IssueDoc;

/** Counters in the shards against a recount from the issue records: the keys that differ ([] when they agree). */
export function counterDrift(cloud: LocalCloud): string[] {
  const issues = cloud.store.find('gridIssues', {}, { limit: 1_000_000 }) as unknown as IssueDoc[];
  const shards = cloud.store.find('gridStats', {}, { limit: 1_000_000 }) as unknown as { month: string; n?: Record<string, StatsNode> }[];
  const want = recount(issues);
  const got = flattenShards(shards);
  const keys = new Set([...want.keys(), ...got.keys()]);
  const empty = { reported: 0, returned: 0, accepted: 0, closed: 0, closedFirst: 0, overdue: 0, h: {} };
  return [...keys].filter((k) => !sameCounters(want.get(k) ?? empty, got.get(k) ?? empty));
}
