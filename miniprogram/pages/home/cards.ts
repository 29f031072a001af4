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

/** Staff work first, most urgent first (approvals block members' points); each card shows when the permissions table allows its action. */
const STAFF_CARDS: readonly { card: HomeCard; action: QualifiedAction; variant?: string }[] = [
  {
    action: 'points.claims.approve',
    card: { key: 'review', title: '待审核申报', description: '审核党员提交的积分申报', icon: 'task-checked', url: '/staff/pages/review/index', jumpType: 'navigateTo' },
  },
  {
    action: 'points.claims.submit',
    variant: 'onBehalf',
    card: { key: 'grid', title: '代为申报', description: '为网格内党员申报积分', icon: 'location', url: '/staff/pages/points/report/index', jumpType: 'navigateTo' },
  },
  { action: 'org.roles.grant', card: { key: 'org', title: '组织管理', description: '组织架构、党员花名册与角色', icon: 'usergroup', url: '/staff/pages/org/index', jumpType: 'navigateTo' } },
  { action: 'store.orders.fulfil', card: { key: 'fulfil', title: '核销兑换', description: '扫描党员的取货码完成兑换', icon: 'scan', url: '/staff/pages/store/fulfil/index', jumpType: 'navigateTo' } },
];

const MEMBER_CARDS: readonly HomeCard[] = [
  { key: 'checkin', title: '扫码签到', description: '参加活动时扫描现场签到码', icon: 'scan', url: '/pages/checkin/index', jumpType: 'switchTab' },
  { key: 'points', title: '我的积分', description: '查看积分余额与明细', icon: 'chart-bar', url: '/pages/points/index', jumpType: 'switchTab' },
  { key: 'store', title: '积分超市', description: '用兑换积分兑换生活用品', icon: 'shop', url: '/pages/store/index', jumpType: 'switchTab' },
];

/** The cards for a caller's grants: staff cards in priority order, then everyone's shortcuts. */
export function homeCards(grants: readonly { role: Role; orgId: string }[]): { staff: HomeCard[]; member: HomeCard[] } {
  const staff = STAFF_CARDS.filter((c) => can(grants, c.action, c.variant)).map((c) => c.card);
  return { staff, member: [...MEMBER_CARDS] };
}
