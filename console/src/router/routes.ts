import type { Component } from 'vue';
import type { QualifiedAction } from '../../../core/contracts/permissions';

/**
 * The console's pages. Each is shown (in the menu and by URL) only to a member the permissions
 * table allows its `action` (session.can); each is loaded on first visit (its own chunk).
 * Pages to come slot in as rows: rankings, 每月之星, 十佳/末位 and 通报 (function `reports`),
 * assessments and 评议 (`assess`), grid issues, 点评台账 and the 挂图作战 big screen (`grid`,
 * `assess`), each under its group below, gated by its own action.
 */
export type Group = 'org' | 'points' | 'events' | 'reports' | 'assess' | 'grid' | 'system';

export type RouteDef = {
  path: string;
  title: string;
  group: Group;
  /** The action the page is for; the page shows only when the member may call it. */
  action: QualifiedAction;
  load: () => Promise<{ default: Component }>;
  /** Full screen, no menu (the projector QR, the big screen). */
  bare?: boolean;
  /** Not listed in the menu (reached from another page). */
  hidden?: boolean;
};

export const GROUPS: { key: Group; title: string }[] = [
  { key: 'org', title: '组织与党员' },
  { key: 'points', title: '积分' },
  { key: 'events', title: '活动签到' },
  { key: 'reports', title: '排行与通报' },
  { key: 'assess', title: '考核评议' },
  { key: 'grid', title: '网格治理' },
  { key: 'system', title: '系统' },
];

export const ROUTES: RouteDef[] = [
  { path: '/org', title: '组织架构', group: 'org', action: 'org.tree', load: () => import('../pages/OrgTree.vue') },
  { path: '/members', title: '党员名册', group: 'org', action: 'org.members.list', load: () => import('../pages/Members.vue') },
  { path: '/roster', title: '花名册导入', group: 'org', action: 'files.roster.import', load: () => import('../pages/RosterImport.vue') },
  { path: '/roles', title: '角色授权', group: 'org', action: 'org.roles.grant', load: () => import('../pages/Roles.vue') },
  { path: '/rules', title: '积分规则', group: 'points', action: 'points.rules.save', load: () => import('../pages/Rules.vue') },
  { path: '/claims', title: '申报审核', group: 'points', action: 'points.claims.approve', load: () => import('../pages/Claims.vue') },
  { path: '/events', title: '活动管理', group: 'events', action: 'events.qr', load: () => import('../pages/Events.vue') },
  { path: '/projector', title: '签到码投屏', group: 'events', action: 'events.qr', load: () => import('../pages/Projector.vue'), bare: true, hidden: true },
  // reports: only staff sign a console in, so `reports.rank` (anyMember, staff variant) is every console user
  { path: '/rankings', title: '积分排行', group: 'reports', action: 'reports.rank', load: () => import('../pages/Rankings.vue') },
  { path: '/stars', title: '每月之星', group: 'reports', action: 'reports.stars.confirm', load: () => import('../pages/Stars.vue') },
  { path: '/honours', title: '十佳与末位', group: 'reports', action: 'reports.honours', load: () => import('../pages/Honours.vue') },
  { path: '/assessments', title: '季度考核', group: 'assess', action: 'assess.cycles.get', load: () => import('../pages/Assessments.vue') },
  { path: '/org-scores', title: '党组织积分', group: 'assess', action: 'assess.org.score', load: () => import('../pages/OrgScores.vue') },
  { path: '/rounds', title: '民主评议', group: 'assess', action: 'assess.rounds.open', load: () => import('../pages/Rounds.vue') },
  { path: '/campaigns', title: '挂图作战', group: 'assess', action: 'assess.campaigns.progress', load: () => import('../pages/Campaigns.vue') },
  { path: '/bigscreen', title: '挂图作战大屏', group: 'assess', action: 'assess.campaigns.progress', load: () => import('../pages/BigScreen.vue'), bare: true, hidden: true },
  // grid: the staff who act on issues (grid.stats is exactly GRID_STAFF; issues.list is anyMember with that staff variant)
  { path: '/grid-issues', title: '网格事项', group: 'grid', action: 'grid.stats', load: () => import('../pages/GridIssues.vue') },
  { path: '/grid-kpi', title: '网格治理指标', group: 'grid', action: 'grid.stats', load: () => import('../pages/GridKpi.vue') },
  { path: '/reviews', title: '点评台账', group: 'grid', action: 'grid.reviews.list', load: () => import('../pages/Reviews.vue') },
  { path: '/audit', title: '审计日志', group: 'system', action: 'org.audit.list', load: () => import('../pages/Audit.vue') },
  { path: '/sessions', title: '登录设备', group: 'system', action: 'auth.console.sessions', load: () => import('../pages/Sessions.vue') },
];
