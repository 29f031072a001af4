import type { AppealView, CampaignProgressView, CycleView, OrgScoreResult, ResultView, RoundResult, RoundView } from '../../../core/contracts/assess';
import { call, type Result } from './cloud';

/** The `assess` function for the console's pages (assessments, org scores, 评议, 挂图作战), typed by core/contracts/assess. */
export const CYCLE_STATUS_LABELS: Record<string, string> = { computing: '计算中', draft: '草稿（待审核）', reviewed: '已审核（待发布）', published: '已发布（申诉期）', final: '已定稿' };
export const MOVEMENT_LABELS: Record<string, string> = { up: '升', down: '降', same: '持平', new: '新评' };
export const PART_LABELS: Record<'base' | 'pioneer' | 'bonus' | 'review', string> = { base: '基础分', pioneer: '争先分', bonus: '加减分', review: '评议分' };
export const APPEAL_STATUS_LABELS: Record<string, string> = { pending: '待答复', upheld: '已支持', rejected: '未支持' };

export const cyclesGet = (townId: string, quarter: string): Promise<Result<CycleView>> => call('assess', 'cycles.get', { townId, quarter });
export const cyclesCompute = (townId: string, quarter: string, restart = false): Promise<Result<CycleView>> => call('assess', 'cycles.compute', { townId, quarter, restart });
export const cycleStep = (step: 'review' | 'publish' | 'finalize', cycleId: string): Promise<Result<CycleView>> => call('assess', `cycles.${step}`, { cycleId });

export const resultsList = (orgId: string, quarter: string, kind: 'member' | 'org'): Promise<Result<{ results: ResultView[] }>> => call('assess', 'results.list', { orgId, quarter, kind });
export const appealsList = (orgId: string, status?: string): Promise<Result<{ appeals: AppealView[] }>> => call('assess', 'appeals.list', { orgId, ...(status ? { status } : {}) });
export const appealsAnswer = (appealId: string, upheld: boolean, answer: string, correctedScore?: number): Promise<Result<unknown>> =>
  call('assess', 'appeals.answer', upheld ? { appealId, upheld, answer, correctedScore } : { appealId, upheld, answer });

/** Category code -> name from the assessment settings (assess.config.get), for the results table. */
export async function categoryNames(): Promise<Record<string, string>> {
  const r = await call<{ config: { categories: { code: string; name: string }[] } }>('assess', 'config.get', {});
  return r.ok ? Object.fromEntries(r.data.config.categories.map((c) => [c.code, c.name])) : {};
}

export const orgScore = (orgId: string, quarter: string): Promise<Result<OrgScoreResult>> => call('assess', 'org.score', { orgId, quarter });

export const roundsList = (status?: 'open' | 'closed'): Promise<Result<{ rounds: (RoundView & { voted?: boolean })[] }>> => call('assess', 'rounds.list', status ? { status } : {});
export const roundsOpen = (p: { scopeOrgId: string; title: string; quarter: string; orgIds: string[]; invitesPerOrg: number; requestId: string }): Promise<Result<unknown>> =>
  call('assess', 'rounds.open', p);
export const roundsClose = (roundId: string): Promise<Result<RoundResult>> => call('assess', 'rounds.close', { roundId });
export const roundsResult = (roundId: string): Promise<Result<RoundResult>> => call('assess', 'rounds.result', { roundId });

export const campaignProgress = (campaignId: string): Promise<Result<CampaignProgressView>> => call('assess', 'campaigns.progress', { campaignId });

/** Quarter key of a date in China time (2026-Q4), and the one before it. */
export function quarterOf(now = new Date(), back = 0): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  let q = Math.floor(china.getUTCMonth() / 3) - back;
  let y = china.getUTCFullYear();
  while (q < 0) {
    q += 4;
    y -= 1;
  }
  return `${y}-Q${q + 1}`;
}

/** A fresh idempotency key for a write the page makes once. */
export const newRequestId = (): string => `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
