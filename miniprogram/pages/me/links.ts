import type { QualifiedAction } from '../../../core/contracts/permissions';
import type { Role } from '../../../core/contracts/roles';
import { can } from '../../utils/permissions';

/** An entry of 我的服务: a TDesign cell that navigates on its own. */
export type MeLink = { key: string; title: string; description: string; icon: string; url: string };

/** 我的服务 besides 我的奉献日, each offered when the permissions table allows its action. */
const LINKS: readonly { action: QualifiedAction; link: MeLink }[] = [
  { action: 'assess.results.mine', link: { key: 'assess', title: '我的考核', description: '季度考核得分、等次与申诉', icon: 'task-checked', url: '/assess/pages/mine/index' } },
  // 我上报的 and 交办给我 live on one list page; it opens on the caller's own reports
  { action: 'grid.issues.list', link: { key: 'grid', title: '我的上报', description: '我上报的网格事项和交办给我的事项', icon: 'location', url: '/grid/pages/issues/index?box=mine' } },
  { action: 'reports.rank', link: { key: 'rank', title: '排行', description: '本支部、街镇、全县的积分排名', icon: 'chart-bar', url: '/reports/pages/rank/index' } },
];

export const meLinks = (grants: readonly { role: Role; orgId: string }[]): MeLink[] => LINKS.filter((l) => can(grants, l.action)).map((l) => l.link);
