import type { Role } from '../../contracts/roles';

/**
 * The quarterly assessment's settings, as data the county edits (seed 002: 差异化考核, "不再'一张
 * 试卷考大家'"): member categories each with their own items and weights over the quarter's data,
 * grade thresholds with an optional quota for 优秀, the cadre grade → allowance coefficient table,
 * and the org grade thresholds. Saving makes a new version; a cycle keeps the version it ran with.
 * The numbers are our defaults (DOMAIN.md gives none).
 */
export const MEMBER_METRICS = ['attendance', 'dedication', 'evalPoints', 'claims'] as const;
export type MemberMetric = (typeof MEMBER_METRICS)[number];
export const MEMBER_METRIC_LABELS: Record<MemberMetric, string> = { attendance: '组织生活出勤', dedication: '奉献日服务', evalPoints: '评价积分', claims: '积分申报通过' };

/** One required item: the metric's value that earns its full weight. */
export type AssessItem = { metric: MemberMetric; target: number; weight: number };
export type MemberCategory = { code: string; name: string; items: AssessItem[] };

export const GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = { excellent: '优秀', good: '合格', pass: '基本合格', fail: '不合格' };

export const ORG_GRADES = ['first', 'second', 'third'] as const;
export type OrgGrade = (typeof ORG_GRADES)[number];
export const ORG_GRADE_LABELS: Record<OrgGrade, string> = { first: '一类', second: '二类', third: '三类' };

export type AssessConfig = {
  version: number;
  categories: MemberCategory[];
  /** The category of a member with none assigned: 流动党员 → `flowCategory`, others `defaultCategory`. */
  defaultCategory: string;
  flowCategory: string;
  /** Minimum score (0..100) for each grade but the last. */
  thresholds: { excellent: number; good: number; pass: number };
  /** Share of a branch's members who may be 优秀 (0 = no quota). Those past it by rank are 合格. */
  excellentQuota: number;
  /** 村(社区)干部 在岗履职: their own items, and the grade → allowance coefficient table. */
  cadre: { roles: Role[]; items: AssessItem[]; allowance: Record<Grade, number> };
  /** Minimum org score (of the four parts' total) for 一类 and 二类; below is 三类. */
  orgThresholds: { first: number; second: number };
  /** Days after publishing during which an appeal may be filed. */
  appealDays: number;
};

export const DEFAULT_CONFIG: AssessConfig = {
  version: 1,
  categories: [
    {
      code: 'inService',
      name: '在职党员',
      items: [
        { metric: 'attendance', target: 3, weight: 40 },
        { metric: 'evalPoints', target: 30, weight: 40 },
        { metric: 'dedication', target: 1, weight: 20 },
      ],
    },
    {
      code: 'rural',
      name: '农村党员',
      items: [
        { metric: 'attendance', target: 3, weight: 30 },
        { metric: 'dedication', target: 3, weight: 40 },
        { metric: 'evalPoints', target: 20, weight: 30 },
      ],
    },
    {
      code: 'flow',
      name: '流动党员',
      items: [
        { metric: 'evalPoints', target: 10, weight: 50 },
        { metric: 'claims', target: 1, weight: 50 },
      ],
    },
    {
      code: 'retired',
      name: '离退休党员',
      items: [
        { metric: 'attendance', target: 2, weight: 50 },
        { metric: 'dedication', target: 1, weight: 50 },
      ],
    },
    { code: 'frail', name: '年老体弱党员', items: [{ metric: 'attendance', target: 1, weight: 100 }] },
  ],
  defaultCategory: 'inService',
  flowCategory: 'flow',
  thresholds: { excellent: 90, good: 75, pass: 60 },
  excellentQuota: 0.2,
  cadre: {
    // members holding one of these roles are assessed as village/community cadres (在岗履职)
    roles: ['secretary', 'gridLeader'],
    items: [
      { metric: 'attendance', target: 3, weight: 30 },
      { metric: 'dedication', target: 3, weight: 30 },
      { metric: 'evalPoints', target: 40, weight: 40 },
    ],
    allowance: { excellent: 1.2, good: 1, pass: 0.8, fail: 0.5 },
  },
  orgThresholds: { first: 80, second: 60 },
  appealDays: 7,
};
