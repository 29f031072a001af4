import type { MeResult } from '../../../core/contracts/auth';
import { actingGrant, setActingGrant } from '../../services/acting';
import { ROLE_LABELS } from '../../utils/labels';

/** 我的 → 管理: the entry to 组织管理 and, for several staff grants, which one staff pages act as. */
export type ActingView = { show: boolean; label: string; canSwitch: boolean };
export const NO_ACTING: ActingView = { show: false, label: '', canSwitch: false };

const labelOf = (g: { role: keyof typeof ROLE_LABELS; orgName: string }): string => `${ROLE_LABELS[g.role]} · ${g.orgName}`;

export function actingView(me: MeResult): ActingView {
  const g = actingGrant(me);
  return g ? { show: true, label: labelOf(g), canSwitch: me.roles.length > 1 } : NO_ACTING;
}

/** Lets the person pick one of their staff grants (wx.showActionSheet); resolves with the new view. */
export function chooseActing(me: MeResult): Promise<ActingView> {
  return new Promise((resolve) => {
    wx.showActionSheet({
      itemList: me.roles.map(labelOf),
      success: (res) => {
        const g = me.roles[res.tapIndex];
        if (g) setActingGrant(g);
        resolve(actingView(me));
      },
      fail: () => resolve(actingView(me)),
    });
  });
}
