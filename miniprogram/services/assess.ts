import type { AppealView, CampaignListItem, CampaignProgressView, CycleView, OrgScoreResult, ResultView, RoundResult, RoundView } from '../../core/contracts/assess';
import { call, type Result } from './cloud';

/** Typed wrappers of the `assess` function (考核、党组织积分、民主评议). See docs/api/assess.md. */

export type Scores = { leadership: number; membership: number; venues: number; systems: number; results: number };

export function myResults(quarter?: string): Promise<Result<{ quarter: string; results: ResultView[] }>> {
  return call('assess', 'results.mine', quarter ? { quarter } : {});
}

export function listResults(q: { orgId: string; quarter: string; kind?: 'member' | 'org'; allVersions?: boolean }): Promise<Result<{ results: ResultView[] }>> {
  return call('assess', 'results.list', { ...q });
}

export function submitAppeal(resultId: string, reason: string): Promise<Result<{ appeal: AppealView }>> {
  return call('assess', 'appeals.submit', { resultId, reason });
}

export function orgScore(orgId: string, quarter: string): Promise<Result<OrgScoreResult>> {
  return call('assess', 'org.score', { orgId, quarter });
}

export function listRounds(): Promise<Result<{ rounds: (RoundView & { voted: boolean | null })[] }>> {
  return call('assess', 'rounds.list', {});
}

export function vote(roundId: string, scores: Scores): Promise<Result<{ roundId: string; voted: true }>> {
  return call('assess', 'rounds.vote', { roundId, scores });
}

export function roundResult(roundId: string): Promise<Result<RoundResult>> {
  return call('assess', 'rounds.result', { roundId });
}

export function closeRound(roundId: string): Promise<Result<RoundResult>> {
  return call('assess', 'rounds.close', { roundId });
}

export function getCycle(townId: string, quarter: string): Promise<Result<CycleView>> {
  return call('assess', 'cycles.get', { townId, quarter });
}

export function computeCycle(townId: string, quarter: string, restart = false): Promise<Result<CycleView>> {
  return call('assess', 'cycles.compute', { townId, quarter, restart });
}

export function stepCycle(step: 'review' | 'publish' | 'finalize', cycleId: string): Promise<Result<CycleView>> {
  return call('assess', `cycles.${step}`, { cycleId });
}

export function listAppeals(orgId: string): Promise<Result<{ appeals: AppealView[] }>> {
  return call('assess', 'appeals.list', { orgId, status: 'pending' });
}

export function answerAppeal(
  a: { appealId: string; upheld: true; answer: string; correctedScore: number } | { appealId: string; upheld: false; answer: string },
): Promise<Result<{ appeal: AppealView; result: ResultView | null }>> {
  return call('assess', 'appeals.answer', { ...a });
}

export function exportCycle(cycleId: string): Promise<Result<{ url: string; fileID: string; members: number; orgs: number }>> {
  return call('files', 'assessment.export', { cycleId });
}

/** The quarter before the one containing `now`, China time (the one being assessed). */
export function lastQuarter(now: Date = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const y = china.getUTCFullYear();
  const q = Math.floor(china.getUTCMonth() / 3) + 1;
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

export function listCampaigns(): Promise<Result<{ campaigns: CampaignListItem[] }>> {
  return call('assess', 'campaigns.list', {});
}

export function campaignProgress(campaignId: string): Promise<Result<CampaignProgressView>> {
  return call('assess', 'campaigns.progress', { campaignId });
}

export function campaignNote(n: { campaignId: string; orgId: string; kind: 'supervision' | 'talk'; note: string }): Promise<Result<{ id: string }>> {
  const requestId = `note-${n.orgId}-${Date.now().toString(36)}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return call('assess', 'campaigns.note', { ...n, requestId });
}
