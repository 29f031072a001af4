import type { WorkbenchResult } from '../../../core/contracts/auth';
import type { QualifiedAction } from '../../../core/contracts/permissions';
import type { Role } from '../../../core/contracts/roles';
import { can } from '../../utils/permissions';

/** A home-page entry: a TDesign cell that navigates on its own (url + jumpType). */
export type HomeCard = {
  key: string;
  title: string;
  description: string;
  icon: string;
  url: string;
  jumpType: 'navigateTo' | 'switchTab';
};

/** A workbench entry with the count of what waits behind it (auth.workbench); 0 shows no badge. */
export type WorkCard = HomeCard & { count: number; badge: string };

/** Which auth.workbench count a staff card shows. */
type CountKey = keyof WorkbenchResult;

/**
 * The staff workbench, most urgent first (approvals block members' points); each card shows when
 * the permissions table allows its action, and those with a count wear a badge.
 */
const STAFF_CARDS: readonly { card: HomeCard; action: QualifiedAction; variant?: string; count?: CountKey }[] = [
  {
    action: 'points.claims.approve',
    count: 'claimsToReview',
    card: { key: 'review', title: '待审核申报', description: '审核党员提交的积分申报', icon: 'task-checked', url: '/staff/pages/review/index', jumpType: 'navigateTo' },
  },
  {
    action: 'store.orders.fulfil',
    count: 'ordersToHandOut',
    card: { key: 'orders', title: '待发放兑换', description: '党员已兑换、等待领取的商品', icon: 'gift', url: '/staff/pages/store/orders/index', jumpType: 'navigateTo' },
  },
  {
    action: 'events.offline.confirm',
    count: 'offlineScans',
    card: { key: 'offline', title: '活动与签到', description: '管理活动，确认离线签到', icon: 'calendar', url: '/staff/pages/events/manage/index', jumpType: 'navigateTo' },
  },
  {
    // the grid queue (网格待办): what waits on the caller's grids, the same staff test as the list page
    action: 'grid.issues.accept',
    count: 'gridIssues',
    card: { key: 'issues', title: '网格事项', description: '受理、交办、办结网格上报的事项', icon: 'location', url: '/grid/pages/issues/index?box=queue', jumpType: 'navigateTo' },
  },
  {
    action: 'points.claims.submit',
    variant: 'onBehalf',
    card: { key: 'grid', title: '代为申报', description: '为网格内党员申报积分', icon: 'location', url: '/staff/pages/points/report/index', jumpType: 'navigateTo' },
  },
  {
    action: 'files.attendance.export',
    card: { key: 'report', title: '出勤统计', description: '按日期范围统计活动出勤并导出', icon: 'chart', url: '/staff/pages/events/attendance/period/index', jumpType: 'navigateTo' },
  },
  {
    action: 'grid.stats',
    card: { key: 'grid-stats', title: '网格统计', description: '本月上报、办结率、超期与办理时长', icon: 'chart-bubble', url: '/grid/pages/stats/index', jumpType: 'navigateTo' },
  },
  { action: 'grid.reviews.list', card: { key: 'reviews', title: '点评台账', description: '点评记录、整改落实与亮点推广', icon: 'edit-1', url: '/grid/pages/reviews/index', jumpType: 'navigateTo' } },
  { action: 'assess.org.score', card: { key: 'org-score', title: '党组织积分', description: '本支部季度积分与民主评议', icon: 'flag', url: '/assess/pages/org/index', jumpType: 'navigateTo' } },
  {
    action: 'assess.cycles.compute',
    card: { key: 'cycles', title: '季度考核管理', description: '计算、审核、公布季度考核，处理申诉', icon: 'task', url: '/assess/pages/admin/index', jumpType: 'navigateTo' },
  },
  { action: 'assess.campaigns.list', card: { key: 'campaign', title: '挂图作战', description: '重点任务进度与排名', icon: 'chart-line', url: '/assess/pages/campaign/index', jumpType: 'navigateTo' } },
  {
    action: 'reports.honours.followUp',
    card: { key: 'rankings', title: '排名通报', description: '支部排名、十佳末位与约谈、每月之星发布', icon: 'chart-bar', url: '/reports/pages/orgs/index', jumpType: 'navigateTo' },
  },
  { action: 'org.roles.grant', card: { key: 'org', title: '组织管理', description: '组织架构、党员花名册与角色', icon: 'usergroup', url: '/staff/pages/org/index', jumpType: 'navigateTo' } },
  { action: 'store.orders.fulfil', card: { key: 'fulfil', title: '核销兑换', description: '扫描党员的取货码完成兑换', icon: 'scan', url: '/staff/pages/store/fulfil/index', jumpType: 'navigateTo' } },
];

const MEMBER_CARDS: readonly HomeCard[] = [
  { key: 'checkin', title: '扫码签到', description: '参加活动时扫描现场签到码', icon: 'scan', url: '/pages/checkin/index', jumpType: 'switchTab' },
  { key: 'points', title: '我的积分', description: '查看积分余额与明细', icon: 'chart-bar', url: '/pages/points/index', jumpType: 'switchTab' },
  { key: 'dedication', title: '我的奉献日', description: '本月奉献日、志愿服务时长', icon: 'heart', url: '/pages/me/dedication/index', jumpType: 'navigateTo' },
  { key: 'store', title: '积分超市', description: '用兑换积分兑换生活用品', icon: 'shop', url: '/pages/store/index', jumpType: 'switchTab' },
];

/** 长辈模式's 首页: the three things an older member does, as big buttons (nothing else joins them). */
export const ELDER_CARDS: readonly HomeCard[] = MEMBER_CARDS.filter((c) => ['checkin', 'points', 'dedication'].includes(c.key));

/** Everyone's entries into the subpackages, each shown when the table allows its action. */
const MEMBER_EXTRA: readonly { card: HomeCard; action: QualifiedAction; needs?: 'report' }[] = [
  {
    action: 'grid.issues.report',
    needs: 'report',
    card: { key: 'grid-report', title: '网格上报', description: '拍照上报身边的问题，跟踪办理进度', icon: 'camera', url: '/grid/pages/report/index', jumpType: 'navigateTo' },
  },
  { action: 'assess.results.mine', card: { key: 'assess', title: '我的考核', description: '季度考核得分、等次与申诉', icon: 'task-checked', url: '/assess/pages/mine/index', jumpType: 'navigateTo' } },
  { action: 'reports.stars.history', card: { key: 'stars', title: '每月之星', description: '本支部每月之星', icon: 'star', url: '/reports/pages/stars/index', jumpType: 'navigateTo' } },
];

/**
 * Whether 网格上报 is offered: a grid leader reports into their grid always; anyone else only where
 * the county lets members report (grid.config.get `membersMayReport`, null while unknown). The
 * server decides again on submit.
 */
export function mayReport(grants: readonly { role: Role; orgId: string }[], membersMayReport: boolean | null): boolean {
  if (can(grants, 'grid.issues.report', 'leader')) return true;
  return can(grants, 'grid.issues.report') && membersMayReport === true;
}

/** True when 首页 must ask grid.config.get to know whether to offer 网格上报. */
export const needsGridConfig = (grants: readonly { role: Role; orgId: string }[]): boolean => !can(grants, 'grid.issues.report', 'leader');

/** The cards for a caller's grants: staff cards in priority order, then everyone's shortcuts. */
export function homeCards(grants: readonly { role: Role; orgId: string }[], membersMayReport: boolean | null = null): { staff: HomeCard[]; member: HomeCard[] } {
  const staff = STAFF_CARDS.filter((c) => can(grants, c.action, c.variant)).map((c) => c.card);
  const extra = MEMBER_EXTRA.filter((c) => (c.needs === 'report' ? mayReport(grants, membersMayReport) : can(grants, c.action))).map((c) => c.card);
  return { staff, member: [...MEMBER_CARDS, ...extra] };
}

/** The workbench: the caller's staff cards with the counts auth.workbench answered (none yet: no badges). */
export function workCards(grants: readonly { role: Role; orgId: string }[], counts: WorkbenchResult | null): WorkCard[] {
  return STAFF_CARDS.filter((c) => can(grants, c.action, c.variant)).map((c) => {
    const n = c.count && counts ? (counts[c.count] ?? 0) : 0;
    return { ...c.card, count: n, badge: n > 99 ? '99+' : n > 0 ? String(n) : '' };
  });
}
