import type { MemberItem } from '../../../../../core/contracts/org';
import { listMembers } from '../../../../services/org';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { grantsFor } from '../../../../utils/permissions';

type GridMember = { id: string; name: string; grid: string };

/**
 * 代为申报 (grid leader): the members of the leader's grid(s); tapping one opens the claim form
 * on their behalf (pages/points/claim?memberId=…), where grid reports (网格问题上报/办结) are
 * offered too. The claim is marked as reported by the leader and reviewed by the secretary.
 */
Component({
  data: {
    view: LOADING as ViewState,
    members: [] as GridMember[],
  },
  methods: {
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grids = grantsFor(me.data.roles, 'points.claims.submit', 'onBehalf');
      if (!grids.length) return this.setData({ view: emptyView('只有网格长可以为党员代为申报') });
      const lists = await Promise.all(grids.map((g) => listMembers({ orgId: g.orgId, status: 'active', limit: 100 })));
      const failed = lists.find((r) => !r.ok);
      if (failed && !failed.ok) return this.setData({ view: errorView(failed) });
      const members: GridMember[] = [];
      lists.forEach((r, i) => {
        if (r.ok) for (const m of r.data.items as MemberItem[]) if (m.id !== me.data.memberId) members.push({ id: m.id, name: m.name, grid: grids[i].orgName });
      });
      this.setData({ view: members.length ? READY : emptyView('网格内还没有其他党员'), members });
    },
    onMember(e: { currentTarget: { dataset: { id: string } } }) {
      const m = this.data.members.find((x) => x.id === e.currentTarget.dataset.id);
      if (m) wx.navigateTo({ url: `/pages/points/claim/index?memberId=${m.id}&memberName=${encodeURIComponent(m.name)}` });
    },
    onReported() {
      wx.navigateTo({ url: '/pages/points/claims/index?box=reported' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
