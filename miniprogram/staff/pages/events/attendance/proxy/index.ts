import type { MeRole } from '../../../../../../core/contracts/auth';
import { getEvent, proxyCheckin } from '../../../../../services/events';
import { listMembers } from '../../../../../services/org';
import { loadMe } from '../../../../../services/session';
import { grantsFor } from '../../../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../../utils/view-state';

type Row = { id: string; name: string; org: string; done: boolean };
const QUICK_REASONS = ['年纪大，未带手机', '手机没电', '手机无法扫码'];

/**
 * 代签到 (grid leader / secretary) at ANY event whose scope includes their members, not only the
 * events their own org organizes (whose attendance page they can open): the members under the
 * caller's proxy-check-in grants (org.members.list), each checked in with a reason
 * (events.proxyCheckin; the server checks the member is in the caller's grid or branch and in
 * the event's scope, and audits it). Opened from the event page with ?id=<eventId>.
 */
Component({
  data: {
    view: LOADING as ViewState,
    id: '',
    title: '',
    rows: [] as Row[],
    proxy: { visible: false, memberId: '', name: '', reason: '', error: '' },
    quickReasons: QUICK_REASONS,
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grants: MeRole[] = grantsFor(me.data.roles, 'events.proxyCheckin');
      if (!grants.length) return this.setData({ view: emptyView('只有网格长和支部书记可以代签到') });
      const event = await getEvent(this.data.id);
      if (!event.ok) return this.setData({ view: errorView(event) });
      const lists = await Promise.all(grants.map((g) => listMembers({ orgId: g.orgId, status: 'active', limit: 100 })));
      const failed = lists.find((r) => !r.ok);
      if (failed && !failed.ok) return this.setData({ view: errorView(failed) });
      const seen = new Set<string>();
      const rows: Row[] = [];
      for (const r of lists) {
        if (!r.ok) continue;
        for (const m of r.data.items) {
          if (seen.has(m.id) || m.id === me.data.memberId) continue;
          seen.add(m.id);
          rows.push({ id: m.id, name: m.name, org: m.group?.name ?? m.branch.name, done: false });
        }
      }
      this.setData({ title: event.data.event.title, rows, view: rows.length ? READY : emptyView('您负责的党员名单为空') });
    },
    onPick(e: { currentTarget: { dataset: { id: string; name: string } } }) {
      if (this.data.rows.find((x) => x.id === e.currentTarget.dataset.id)?.done) return;
      this.setData({ proxy: { visible: true, memberId: e.currentTarget.dataset.id, name: e.currentTarget.dataset.name, reason: '', error: '' } });
    },
    onQuickReason(e: { currentTarget: { dataset: { reason: string } } }) {
      this.setData({ 'proxy.reason': e.currentTarget.dataset.reason, 'proxy.error': '' });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ 'proxy.reason': e.detail.value, 'proxy.error': '' });
    },
    onCancel() {
      this.setData({ 'proxy.visible': false });
    },
    async onConfirm() {
      const { memberId, reason, name } = this.data.proxy;
      if (!reason.trim()) return this.setData({ 'proxy.error': '请填写代签原因' });
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await proxyCheckin(this.data.id, memberId, reason.trim());
      this.setData({ busy: false });
      if (!r.ok && r.code !== 'ALREADY_CHECKED_IN') return this.setData({ 'proxy.error': r.message });
      this.setData({ 'proxy.visible': false, rows: this.data.rows.map((x) => (x.id === memberId ? { ...x, done: true } : x)) });
      wx.showToast({ title: r.ok ? `已为${name}代签到` : r.message, icon: 'none' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
