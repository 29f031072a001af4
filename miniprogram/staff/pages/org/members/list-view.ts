import type { MemberItem, MembersListInput } from '../../../../../core/contracts/org';
import { PARTY_STATUS_LABELS } from '../../../../utils/labels';
import { MEMBER_STATUS_LABELS } from '../labels';

/** The filter chips: each one a members.list filter. */
export type FilterKey = 'all' | 'active' | 'transferred' | 'suspended' | 'unbound';
export const FILTERS: { key: FilterKey; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'active', label: '正常' },
  { key: 'transferred', label: '已转出' },
  { key: 'suspended', label: '停止' },
  { key: 'unbound', label: '未绑定' },
];

export function filterInput(key: FilterKey): Partial<MembersListInput> {
  if (key === 'unbound') return { bound: false };
  if (key === 'all') return {};
  return { status: key };
}

export type MemberRow = { id: string; name: string; where: string; phone: string };

/** One line per member: where they are, their standing, and the phone as the server sent it (masked unless admin). */
export function memberRow(m: MemberItem): MemberRow {
  const bits = [m.group?.name ?? m.branch.name, PARTY_STATUS_LABELS[m.partyStatus]];
  if (m.status !== 'active') bits.push(MEMBER_STATUS_LABELS[m.status]);
  if (m.flow) bits.push('流动党员');
  if (!m.bound) bits.push('未绑定');
  return { id: m.id, name: m.name, where: bits.join(' · '), phone: m.phone };
}
