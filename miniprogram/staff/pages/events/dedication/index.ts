import type { DedicationMonthResult } from '../../../../../core/contracts/events';
import { dedicationMonth, setDedicationDay } from '../../../../services/events';
import { loadMe } from '../../../../services/session';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { monthOf } from '../../../../pages/checkin/views';
import { grantsFor } from '../../../../utils/permissions';

type Row = { memberId: string; name: string; how: string; hours: string; photos: string[] };

function served(r: DedicationMonthResult['rows'][number]): Row {
  const how = [r.viaEvent ? '参加集中服务' : '', r.viaLog ? '自行服务（已审核）' : ''].filter(Boolean).join('、');
  return { memberId: r.memberId, name: r.name, how, hours: r.hours ? `${r.hours} 小时` : '', photos: r.photoUrls.filter(Boolean) };
}

/**
 * 月度奉献日 (secretary, org admin): for a branch and month — the dedication date, who served
 * (checked in at the branch's dedication event, or an approved own-service log) with hours and
 * photos, who did not (with pending logs noted); and the branch's dedication day (1–28).
 */
Component({
  data: {
    view: LOADING as ViewState,
    branchId: '',
    branchName: '',
    month: '',
    date: '',
    members: 0,
    servedCount: 0,
    hours: 0,
    served: [] as Row[],
    notServed: [] as { memberId: string; name: string; pending: string }[],
    events: [] as { id: string; title: string; attended: number }[],
    day: 1,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ branchId: query.branchId ?? '', month: query.month ?? monthOf(new Date()) });
    },
    onShow() {
      void this.load();
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      if (!this.data.branchId) {
        const me = await loadMe();
        if (!me.ok) return this.setData({ view: errorView(me) });
        const [grant] = grantsFor(me.data.roles, 'events.dedication.config');
        this.setData({ branchId: grant?.orgId ?? me.data.branch.id });
      }
      const r = await dedicationMonth(this.data.month, this.data.branchId);
      if (!r.ok) return this.setData({ view: errorView(r) });
      const m = r.data;
      this.setData({
        view: READY,
        branchName: m.branchName,
        date: m.date ?? '',
        day: m.date ? Number(m.date.slice(8, 10)) : this.data.day,
        members: m.members,
        servedCount: m.served,
        hours: m.hours,
        served: m.rows.filter((x) => x.served).map(served),
        notServed: m.rows.filter((x) => !x.served).map((x) => ({ memberId: x.memberId, name: x.name, pending: x.pendingLogs ? `有 ${x.pendingLogs} 条登记待审核` : '' })),
        events: m.events.map((e) => ({ id: e.id, title: e.title, attended: e.attended })),
      });
    },
    onMonth(e: { detail: { value: string } }) {
      this.setData({ month: e.detail.value.slice(0, 7) });
      void this.load();
    },
    onDay(e: { detail: { value: number } }) {
      this.setData({ day: Number(e.detail.value) });
    },
    async onSaveDay() {
      if (this.data.saving) return;
      this.setData({ saving: true });
      const r = await setDedicationDay(this.data.branchId, this.data.day);
      this.setData({ saving: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      wx.showToast({ title: `已设为每月 ${r.data.day} 日`, icon: 'success' });
      void this.load();
    },
    onPhoto(e: { currentTarget: { dataset: { urls: string[]; url: string } } }) {
      wx.previewImage({ urls: e.currentTarget.dataset.urls, current: e.currentTarget.dataset.url });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
