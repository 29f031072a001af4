import type { MeResult } from '../../../core/contracts/auth';
import { PARTY_STATUS_LABELS, ROLE_LABELS } from '../../utils/labels';

export type RoleTag = { key: string; label: string };

/** What 我的 shows of auth.me: display strings only, already masked by the server. */
export type ProfileView = {
  name: string;
  branchName: string;
  townName: string;
  phoneMasked: string;
  partyStatus: string;
  roleTags: RoleTag[];
};

export function toProfileView(me: MeResult): ProfileView {
  // Every bound member is a 党员; staff roles come from the grants auth.me returns.
  const roleTags: RoleTag[] = [{ key: 'member', label: ROLE_LABELS.member }, ...me.roles.map((g) => ({ key: `${g.role}:${g.orgId}`, label: ROLE_LABELS[g.role] }))];
  return {
    name: me.name,
    branchName: me.branch.name,
    townName: me.town?.name ?? '—',
    phoneMasked: me.phoneMasked,
    partyStatus: PARTY_STATUS_LABELS[me.partyStatus],
    roleTags,
  };
}

export const EMPTY_PROFILE: ProfileView = { name: '', branchName: '', townName: '', phoneMasked: '', partyStatus: '', roleTags: [] };
