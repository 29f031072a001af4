import type { MemberDetail } from '../../../../../core/contracts/org';
import type { GrantableRole } from '../../../../../core/contracts/org';
import { PARTY_STATUS_LABELS, ROLE_LABELS } from '../../../../utils/labels';
import { chinaMinute, MEMBER_STATUS_LABELS } from '../labels';

export type RoleRow = { key: string; role: GrantableRole; orgId: string; label: string; orgName: string };
export type DetailView = {
  id: string;
  name: string;
  phone: string;
  phoneNote: string;
  branch: string;
  branchId: string;
  group: string;
  town: string;
  partyStatus: string;
  status: string;
  joinedAt: string;
  flow: string;
  binding: string;
  bound: boolean;
  roles: RoleRow[];
  canUnbind: boolean;
  canGrant: boolean;
};

export function detailView(d: MemberDetail): DetailView {
  return {
    id: d.id,
    name: d.name,
    phone: d.phone,
    phoneNote: d.phoneMasked ? '仅所在组织的管理员可见完整号码' : '',
    branch: d.branch.name,
    branchId: d.branch.id,
    group: d.group?.name ?? '—',
    town: d.town?.name ?? '—',
    partyStatus: PARTY_STATUS_LABELS[d.partyStatus],
    status: MEMBER_STATUS_LABELS[d.status],
    joinedAt: d.joinedAt ?? '—',
    flow: d.flow ? '是' : '否',
    binding: d.bound ? `已绑定${d.boundAt ? `（${chinaMinute(d.boundAt)}）` : ''}` : '未绑定',
    bound: d.bound,
    roles: d.roles
      .filter((r): r is typeof r & { role: GrantableRole } => r.role !== 'member')
      .map((r) => ({ key: `${r.role}:${r.orgId}`, role: r.role, orgId: r.orgId, label: ROLE_LABELS[r.role], orgName: r.orgName })),
    canUnbind: d.can.unbind && d.bound,
    canGrant: d.can.grant,
  };
}
