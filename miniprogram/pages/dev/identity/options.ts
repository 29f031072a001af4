import type { DevIdentity } from '../../../services/dev';
import { ROLE_LABELS } from '../../../utils/labels';

export type IdentityOption = { value: string; label: string; content: string };

/** One radio per demo identity: the name, then its role labels and openid. */
export function toOptions(list: readonly DevIdentity[]): IdentityOption[] {
  return list.map((i) => {
    const roles = [...new Set(i.roles.map((g) => ROLE_LABELS[g.role] ?? g.role))].join('、');
    return { value: i.openid, label: i.name, content: `${roles} · ${i.openid}` };
  });
}
