import type { Ref } from '../../../../../core/contracts/org';
import { changeRole, getMember, orgTree, transferMember, unbindMember } from '../../../../services/org';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { detailView, type DetailView } from './detail-view';
import { detailById } from '../../../../behaviors/reloadable';

/**
 * 党员详情: org.members.get (phone masked unless the caller is an admin over the member), the
 * member's roles with 撤销 for admins, 授予角色, 解除微信绑定 with a reason, and 组织关系转接: the
 * admin picks a branch of their scope and gives a reason; the member's points and pending claims
 * go with them (org.members.transfer, audited).
 */
Component({
  behaviors: [detailById],
  data: {
    view: LOADING as ViewState,
    m: null as DetailView | null,
    busy: false,
    /** Branches the member may be moved to, once the admin asked to transfer them. */
    branches: [] as Ref[],
  },
  methods: {
    async load() {
      if (!this.data.m) this.setData({ view: LOADING });
      const r = await getMember(this.data.id);
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, m: detailView(r.data) });
    },
    onGrant() {
      const m = this.data.m;
      if (m) wx.navigateTo({ url: `/staff/pages/org/grant/index?memberId=${m.id}&name=${encodeURIComponent(m.name)}` });
    },
    onRevoke(e: { currentTarget: { dataset: { index: number } } }) {
      const m = this.data.m;
      const role = m?.roles[Number(e.currentTarget.dataset.index)];
      if (!m || !m.canGrant || !role) return;
      wx.showModal({
        title: '撤销角色',
        content: `撤销${m.name}的“${role.label}（${role.orgName}）”？撤销后立即生效。`,
        confirmText: '撤销',
        success: async (res) => {
          if (!res.confirm) return;
          const r = await changeRole('revoke', m.id, role.role, role.orgId);
          wx.showToast({ title: r.ok ? '已撤销' : r.message, icon: 'none' });
          if (r.ok) void this.load();
        },
      });
    },
    onUnbind() {
      const m = this.data.m;
      if (!m || this.data.busy) return;
      wx.showModal({
        title: '解除微信绑定',
        editable: true,
        placeholderText: '请填写原因（如：更换手机）',
        confirmText: '解除',
        success: async (res) => {
          if (!res.confirm) return;
          const reason = (res.content ?? '').trim();
          if (reason.length < 2) {
            wx.showToast({ title: '请填写解除绑定的原因', icon: 'none' });
            return;
          }
          this.setData({ busy: true });
          const r = await unbindMember(m.id, reason);
          this.setData({ busy: false });
          wx.showToast({ title: r.ok ? '已解除绑定' : r.message, icon: 'none' });
          if (r.ok) void this.load();
        },
      });
    },
    async onTransfer() {
      const m = this.data.m;
      if (!m || this.data.busy) return;
      const r = await orgTree();
      if (!r.ok) {
        wx.showToast({ title: r.message, icon: 'none' });
        return;
      }
      const branches = r.data.nodes.filter((n) => n.type === 'branch' && n.id !== m.branchId).map((n) => ({ id: n.id, name: n.name }));
      if (!branches.length) wx.showToast({ title: '管辖范围内没有其他支部可转入', icon: 'none' });
      this.setData({ branches });
    },
    onPickBranch(e: { currentTarget: { dataset: { index: number } } }) {
      const m = this.data.m;
      const to = this.data.branches[Number(e.currentTarget.dataset.index)];
      if (!m || !to || this.data.busy) return;
      wx.showModal({
        title: `转入${to.name}`,
        editable: true,
        placeholderText: '请填写转接原因（积分和待审核申报随党员转入）',
        confirmText: '转接',
        success: async (res) => {
          if (!res.confirm) return;
          const reason = (res.content ?? '').trim();
          if (reason.length < 2) {
            wx.showToast({ title: '请填写组织关系转接的原因', icon: 'none' });
            return;
          }
          this.setData({ busy: true });
          const t = await transferMember(m.id, to.id, reason);
          this.setData({ busy: false });
          wx.showToast({ title: t.ok ? `已转入${t.data.toBranchName}` : t.message, icon: 'none' });
          if (t.ok) {
            this.setData({ branches: [] });
            void this.load();
          }
        },
      });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
