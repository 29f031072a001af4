import type { Role } from '../../contracts/roles';
import type { Period } from '../time';

/** How a rule is triggered. */
export type Trigger = 'qr-checkin' | 'claim' | 'grid-report' | 'award' | 'system';
export type RuleCategory = 'duty' | 'vanguard' | 'dedication' | 'meeting' | 'volunteer' | 'pioneer' | 'grid' | 'honour' | 'violation';

/** A rule as data. Saving a rule makes a new version; ledger entries keep the one they used. */
export type RuleDef = {
  code: string;
  name: string;
  category: RuleCategory;
  /** 评价积分 earned (negative for deductions). */
  evalPoints: number;
  /** 兑换积分 earned (negative for deductions). */
  redeemPoints: number;
  trigger: Trigger;
  /** Max number of times per member per China-time period. */
  caps: Partial<Record<Period, number>>;
  evidence: 'photo' | 'none';
  approverRole: Role;
  description: string;
};

/**
 * The default county catalog, drawn from the seeds (shared/DOMAIN.md): member duties and
 * vanguard role, dedication day, 三会一课 / 党员活动日, volunteer hours, pioneer posts, grid
 * issues, honours and violations. The articles give no point values: these are ours.
 */
export const DEFAULT_RULES: RuleDef[] = [
  {
    code: 'DEDICATION_DAY',
    name: '党员奉献日服务',
    category: 'dedication',
    evalPoints: 5,
    redeemPoints: 5,
    trigger: 'qr-checkin',
    caps: { month: 1 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '每月支部固定奉献日到便民地点参加服务，扫码签到',
  },
  {
    code: 'DEDICATION_LOG',
    name: '奉献日服务补登',
    category: 'dedication',
    evalPoints: 3,
    redeemPoints: 3,
    trigger: 'claim',
    caps: { month: 1 },
    evidence: 'photo',
    approverRole: 'secretary',
    description: '未能参加集中活动时，自行开展奉献日服务并上传照片，经书记审核',
  },
  {
    code: 'MEETING',
    name: '参加"三会一课"',
    category: 'meeting',
    evalPoints: 2,
    redeemPoints: 1,
    trigger: 'qr-checkin',
    caps: { month: 4 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '支部党员大会、支委会、党小组会、党课，扫码签到',
  },
  {
    code: 'ACTIVITY_DAY',
    name: '参加党员活动日',
    category: 'meeting',
    evalPoints: 3,
    redeemPoints: 2,
    trigger: 'qr-checkin',
    caps: { month: 2 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '参加支部组织的党员活动日、主题教育活动',
  },
  {
    code: 'VOLUNTEER_HOUR',
    name: '志愿服务（每小时）',
    category: 'volunteer',
    evalPoints: 1,
    redeemPoints: 2,
    trigger: 'qr-checkin',
    caps: { day: 8, month: 40 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '参加志愿服务，签到签退计算时长，每小时计分',
  },
  {
    code: 'DUTY_FULFILLED',
    name: '履行党员义务',
    category: 'duty',
    evalPoints: 2,
    redeemPoints: 0,
    trigger: 'claim',
    caps: { month: 1 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '按时交纳党费、参加学习等基本义务',
  },
  {
    code: 'VANGUARD',
    name: '发挥先锋模范作用',
    category: 'vanguard',
    evalPoints: 5,
    redeemPoints: 5,
    trigger: 'claim',
    caps: { month: 2 },
    evidence: 'photo',
    approverRole: 'secretary',
    description: '在急难险重任务、中心工作中表现突出',
  },
  {
    code: 'PIONEER_POST',
    name: '党员先锋岗/特色岗值守',
    category: 'pioneer',
    evalPoints: 2,
    redeemPoints: 2,
    trigger: 'claim',
    caps: { week: 2 },
    evidence: 'photo',
    approverRole: 'secretary',
    description: '在党员先锋岗、特色岗、责任区值守服务',
  },
  {
    code: 'GRID_ISSUE_REPORTED',
    name: '网格问题上报',
    category: 'grid',
    evalPoints: 1,
    redeemPoints: 1,
    trigger: 'grid-report',
    caps: { day: 3, month: 20 },
    evidence: 'photo',
    approverRole: 'gridLeader',
    description: '发现并上报网格内社情民意、安全隐患等问题',
  },
  {
    code: 'GRID_ISSUE_RESOLVED',
    name: '网格问题办结',
    category: 'grid',
    evalPoints: 3,
    redeemPoints: 2,
    trigger: 'grid-report',
    caps: { month: 10 },
    evidence: 'photo',
    approverRole: 'secretary',
    description: '参与处置的网格问题经核实办结',
  },
  {
    code: 'HONOUR_COUNTY',
    name: '获得县级以上表彰',
    category: 'honour',
    evalPoints: 20,
    redeemPoints: 10,
    trigger: 'award',
    caps: { year: 5 },
    evidence: 'photo',
    approverRole: 'orgAdmin',
    description: '个人获得县级以上党委、政府表彰',
  },
  {
    code: 'HONOUR_MONTH_STAR',
    name: '每月之星',
    category: 'honour',
    evalPoints: 10,
    redeemPoints: 5,
    trigger: 'award',
    caps: { month: 1 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '支部评选的每月之星',
  },
  {
    code: 'CRITICISM',
    name: '受到通报批评',
    category: 'violation',
    evalPoints: -10,
    redeemPoints: 0,
    trigger: 'award',
    caps: {},
    evidence: 'none',
    approverRole: 'secretary',
    description: '因工作不力等受到通报批评',
  },
  {
    code: 'ABSENT_NO_LEAVE',
    name: '无故缺席组织生活',
    category: 'violation',
    evalPoints: -3,
    redeemPoints: 0,
    trigger: 'award',
    caps: { month: 4 },
    evidence: 'none',
    approverRole: 'secretary',
    description: '无故不参加三会一课、党员活动日',
  },
  // system rules: amounts come from the source (an order's price, the balance that expires)
  {
    code: 'STORE_REDEMPTION',
    name: '积分超市兑换',
    category: 'duty',
    evalPoints: 0,
    redeemPoints: 0,
    trigger: 'system',
    caps: {},
    evidence: 'none',
    approverRole: 'storeKeeper',
    description: '在积分超市兑换商品，扣减兑换积分；取消订单原额退回',
  },
  {
    code: 'ANNUAL_EXPIRY',
    name: '兑换积分年度清零',
    category: 'duty',
    evalPoints: 0,
    redeemPoints: 0,
    trigger: 'system',
    caps: {},
    evidence: 'none',
    approverRole: 'orgAdmin',
    description: '每年年底未使用的兑换积分清零（评价积分不清零）',
  },
  {
    code: 'DISCIPLINE_VIOLATION',
    name: '违纪违法',
    category: 'violation',
    evalPoints: -50,
    redeemPoints: 0,
    trigger: 'award',
    caps: {},
    evidence: 'none',
    approverRole: 'orgAdmin',
    description: '出现违纪违法行为，经组织认定',
  },
];
