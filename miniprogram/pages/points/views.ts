import type { ClaimStatus, ClaimView, EntrySourceName, LedgerItem, RuleCategoryName, RuleTrigger, RuleView } from '../../../core/contracts/points';

/**
 * Pure helpers shared by the points pages: labels (copies of contract values, typed so tsc
 * fails when the contract grows), China-time formatting and the shapes the WXML renders.
 */
export const CATEGORY_LABELS: Record<RuleCategoryName, string> = {
  duty: '履职尽责',
  vanguard: '先锋作用',
  dedication: '党员奉献日',
  meeting: '组织生活',
  volunteer: '志愿服务',
  pioneer: '先锋岗',
  grid: '网格工作',
  honour: '表彰奖励',
  violation: '扣分项目',
};

export const TRIGGER_LABELS: Record<RuleTrigger, string> = {
  'qr-checkin': '扫码签到',
  claim: '个人申报',
  'grid-report': '网格长上报',
  award: '书记/组织奖励',
  system: '系统',
};

export const STATUS_LABELS: Record<ClaimStatus, { text: string; theme: string }> = {
  pending: { text: '待审核', theme: 'warning' },
  approved: { text: '已通过', theme: 'success' },
  rejected: { text: '未通过', theme: 'danger' },
  withdrawn: { text: '已撤回', theme: 'default' },
};

export const SOURCE_LABELS: Record<EntrySourceName, string> = {
  claim: '申报',
  checkin: '签到',
  checkout: '签退',
  order: '兑换',
  refund: '退回',
  award: '奖励',
  expiry: '年度清零',
  reversal: '冲正',
  grid: '网格事项',
};

const PERIOD_LABELS: Record<string, string> = { day: '每天', week: '每周', month: '每月', quarter: '每季度', year: '每年' };

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
/** "2026-11-23 10:00" in China time, whatever the phone's zone. */
export function chinaMinute(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
/** The China-time date YYYY-MM-DD of an instant (default now). */
export function chinaDay(at: number = Date.now()): string {
  return new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** "评价 +5 · 兑换 +5" (an account that does not move is left out). */
export function pointsText(evalPts: number, redeemPts: number): string {
  const parts: string[] = [];
  if (evalPts) parts.push(`评价 ${signed(evalPts)}`);
  if (redeemPts) parts.push(`兑换 ${signed(redeemPts)}`);
  return parts.join(' · ') || '不计分';
}

/** "每月最多 2 次 · 每天最多 8 次", or '' when uncapped. */
export function capsText(caps: RuleView['caps']): string {
  return (['day', 'week', 'month', 'quarter', 'year'] as const)
    .filter((p) => caps[p] !== undefined)
    .map((p) => `${PERIOD_LABELS[p]}最多 ${caps[p]} 次`)
    .join(' · ');
}

export type HistoryRow = { id: string; title: string; time: string; evalText: string; redeemText: string; evalClass: string; redeemClass: string; source: string; note: string };

export function historyRow(e: LedgerItem): HistoryRow {
  const cls = (n: number) => (n > 0 ? 'plus' : n < 0 ? 'minus' : 'zero');
  return {
    id: e.id,
    title: e.ruleName,
    time: chinaMinute(e.at),
    evalText: e.eval ? `评价 ${signed(e.eval)}` : '',
    redeemText: e.redeem ? `兑换 ${signed(e.redeem)}` : '',
    evalClass: cls(e.eval),
    redeemClass: cls(e.redeem),
    source: SOURCE_LABELS[e.source.type] ?? '',
    note: e.reversalOf ? `冲正：${e.note}` : e.note,
  };
}

export type CatalogGroup = { key: string; title: string; rules: { id: string; name: string; points: string; how: string; caps: string; description: string }[] };

/** "How to earn": rules grouped by category, in catalog order. */
export function catalogGroups(rules: RuleView[]): CatalogGroup[] {
  const groups: CatalogGroup[] = [];
  for (const r of rules) {
    let g = groups.find((x) => x.key === r.category);
    if (!g) groups.push((g = { key: r.category, title: CATEGORY_LABELS[r.category] ?? r.category, rules: [] }));
    g.rules.push({ id: r.id, name: r.name, points: pointsText(r.evalPoints, r.redeemPoints), how: TRIGGER_LABELS[r.trigger], caps: capsText(r.caps), description: r.description });
  }
  return groups;
}

/** What every card of a claim shows: who, under which rule, for how many points, what and when. */
export type ClaimBasics = { id: string; memberName: string; ruleName: string; points: string; note: string; photos: string[]; time: string };

export function claimBasics(c: ClaimView): ClaimBasics {
  return {
    id: c.id,
    memberName: c.memberName,
    ruleName: c.rule.name,
    points: pointsText(c.rule.evalPoints, c.rule.redeemPoints),
    note: c.note,
    photos: c.photoUrls.filter(Boolean),
    time: chinaMinute(c.createdAt),
  };
}

export type ClaimCard = ClaimBasics & {
  statusText: string;
  statusTheme: string;
  reason: string;
  byline: string;
  canWithdraw: boolean;
};

export function claimCard(c: ClaimView, viewerId: string): ClaimCard {
  const s = STATUS_LABELS[c.status];
  const decided = c.decidedAt ? `${c.deciderName ?? ''} ${chinaMinute(c.decidedAt)}`.trim() : '';
  return {
    ...claimBasics(c),
    statusText: s.text,
    statusTheme: s.theme,
    reason: c.status === 'rejected' && c.reason ? c.reason : '',
    byline: [c.onBehalf ? (c.reporterId === viewerId ? `为${c.memberName}代报` : `网格长${c.reporterName}代报`) : '', decided && c.status !== 'pending' ? `处理：${decided}` : '']
      .filter(Boolean)
      .join(' · '),
    canWithdraw: c.status === 'pending' && (c.memberId === viewerId || c.reporterId === viewerId),
  };
}
