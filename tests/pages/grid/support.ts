import type { IssueDetail, IssueView, KpiView, ReviewView, StatsResult } from '../../../core/contracts/grid';
import { DEFAULT_CATEGORIES } from '../../../core/domain/grid/config';

/** Replies shaped like the grid function's (core/contracts/grid.ts). */
export const config = { membersMayReport: true, categories: DEFAULT_CATEGORIES.map((c) => ({ ...c })) };

export function issue(over: Partial<IssueView> & Pick<IssueView, 'id'>): IssueView {
  return {
    category: 'safety',
    categoryName: '安全隐患',
    text: '3号楼前树冠碰到电线',
    photos: [],
    location: { latitude: 34.7466, longitude: 113.6253 },
    anonymous: false,
    reporterId: 'm0002',
    reporterName: '赵明',
    gridId: 'b01g2',
    levelOrgId: 'b01g2',
    level: 'group',
    state: 'reported',
    stateLabel: '待受理',
    assignee: null,
    resolution: null,
    reportedAt: '2026-11-23T02:00:00.000Z',
    deadlineAt: '2026-11-24T02:00:00.000Z',
    overdue: false,
    escalations: 0,
    closedAt: null,
    ...over,
  };
}

const NONE = { accept: false, return: false, assign: false, resolve: false, verify: false, reopen: false, close: false, escalate: false };

export function detail(over: Partial<IssueDetail> & Pick<IssueDetail, 'id'>): IssueDetail {
  return {
    ...issue(over),
    timeline: [{ seq: 1, kind: 'report', from: null, to: 'reported', actorName: '赵明', at: '2026-11-23T02:00:00.000Z', note: '3号楼前树冠碰到电线', levelOrgId: 'b01g2', photos: [], auto: false }],
    can: { ...NONE, ...(over.can ?? {}) },
    ...over,
  } as IssueDetail;
}

export const kpi = (over: Partial<KpiView> = {}): KpiView => ({
  reported: 0,
  accepted: 0,
  returned: 0,
  closed: 0,
  overdue: 0,
  closedFirst: 0,
  closeRate: null,
  firstLevelShare: null,
  medianHours: null,
  ...over,
});

export function stats(over: Partial<StatsResult> = {}): StatsResult {
  return {
    orgId: 'b01',
    orgPath: ['county', 't1', 'b01'],
    month: '2026-11',
    kpi: kpi({ reported: 40, accepted: 36, returned: 4, closed: 30, overdue: 3, closedFirst: 24, closeRate: 83.33, firstLevelShare: 80, medianHours: 24 }),
    trend: ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((month, i) => ({ month, kpi: kpi({ reported: 10 + i * 6 }) })),
    children: [
      { orgId: 'b01g1', kpi: kpi({ reported: 10 }) },
      { orgId: 'b01g2', kpi: kpi({ reported: 20 }) },
    ],
    ...over,
  };
}

export function review(over: Partial<ReviewView> = {}): ReviewView {
  return {
    id: 'rv1',
    orgId: 'b01',
    orgName: '青年路社区党支部',
    reviewerId: 'm0101',
    reviewerName: '刘芳',
    kind: 'onsite',
    kindLabel: '现场点评',
    date: '2026-11-10',
    findings: [
      { id: 'f1', tag: 'highlight', tagLabel: '亮点', text: '党员先锋岗常态化值守', photos: [], promoted: false, responses: [], measure: null },
      {
        id: 'f2',
        tag: 'weakness',
        tagLabel: '弱点',
        text: '三会一课记录不全',
        photos: [],
        promoted: false,
        responses: [],
        measure: { text: '补齐会议记录', responsibleId: 'm0001', deadline: '2026-11-20', status: 'open', overdue: true, evidence: null, history: [] },
      },
    ],
    openMeasures: 1,
    overdueMeasures: 1,
    createdAt: '2026-11-10T02:00:00.000Z',
    ...over,
  };
}
