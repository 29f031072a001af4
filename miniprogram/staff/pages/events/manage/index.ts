import type { EventsListItem } from '../../../../../core/contracts/events';
import { listEvents } from '../../../../services/events';
import { loadMe } from '../../../../services/session';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { EVENT_TYPE_LABELS, whenText } from '../../../../pages/checkin/views';
import { can } from '../../../../utils/permissions';

type Row = { id: string; title: string; desc: string; note: string };

const STATUS: Record<string, string> = { open: '', closed: '已结束', cancelled: '已取消' };

function row(e: EventsListItem): Row {
  return { id: e.id, title: e.title, desc: `${EVENT_TYPE_LABELS[e.type]} · ${whenText(e)} · ${e.scopeName}`, note: STATUS[e.status] || `已签到 ${e.checkedIn ?? 0} 人` };
}

/** 活动管理 (staff): the events organized in the caller's scope, newest first; create one; the month's dedication day. */
Component({
  data: {
    view: LOADING as ViewState,
    events: [] as Row[],
    dedication: false,
    nextOffset: null as number | null,
  },
  methods: {
    onShow() {
      void this.load();
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const [me, r] = await Promise.all([loadMe(), listEvents({ view: 'managed', limit: 20 })]);
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({
        view: READY,
        events: r.data.items.map(row),
        nextOffset: r.data.nextOffset,
        dedication: me.ok && can(me.data.roles, 'events.dedication.config'),
      });
    },
    async onMore() {
      if (this.data.nextOffset === null) return;
      const r = await listEvents({ view: 'managed', limit: 20, offset: this.data.nextOffset });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      this.setData({ events: [...this.data.events, ...r.data.items.map(row)], nextOffset: r.data.nextOffset });
    },
    onCreate() {
      wx.navigateTo({ url: '/staff/pages/events/create/index' });
    },
    onDedication() {
      wx.navigateTo({ url: '/staff/pages/events/dedication/index' });
    },
    onEvent(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: `/pages/events/detail/index?id=${e.currentTarget.dataset.id}` });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
