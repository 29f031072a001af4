import type { EventsGetResult } from '../../../../core/contracts/events';
import { getEvent } from '../../../services/events';
import { openLocationSetting, retryCode, scanAndSubmit, type ScanKind, type ScanOutcome, type ScannedCode } from '../../../services/scan';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { counts, eventHeadline, myStatusText, outcomeCard, type ResultCard } from '../../checkin/views';
import { detailById } from '../../../behaviors/reloadable';
import { loadMe } from '../../../services/session';
import { can } from '../../../utils/permissions';

type Detail = {
  id: string;
  title: string;
  type: string;
  when: string;
  place: string;
  scope: string;
  points: string;
  status: string;
  note: string;
  myStatus: string;
  canCheckin: boolean;
  canCheckout: boolean;
  canManage: boolean;
  checkedIn: number | null;
  geofence: boolean;
};

function detail(r: EventsGetResult): Detail {
  const e = r.event;
  const rule = e.rule ? `签到得 评价积分 ${e.rule.evalPoints} · 兑换积分 ${e.rule.redeemPoints}` : '';
  const hours = e.hoursRule ? `每服务 1 小时得 评价积分 ${e.hoursRule.evalPoints} · 兑换积分 ${e.hoursRule.redeemPoints}` : '';
  const live = e.status === 'open';
  return {
    ...eventHeadline(e),
    scope: e.scopeName,
    points: [rule, hours].filter(Boolean).join('；') || '只记出勤',
    status: e.status === 'cancelled' ? '已取消' : e.status === 'closed' ? '已结束签到' : '',
    note: e.note,
    myStatus: myStatusText(r.my, e),
    // an offline scan awaiting (or refused) review: scanning in person still checks in
    canCheckin: live && !counts(r.my),
    canCheckout: live && e.checkoutRequired && !!r.my && r.my.review !== 'refused' && !r.my.checkoutAt,
    canManage: r.canManage,
    checkedIn: r.checkedIn,
    geofence: !!e.geofence,
  };
}

/** The code a refused location stopped, retried once location is on. */
let stoppedCode: { kind: ScanKind; code: ScannedCode } | null = null;

/**
 * One event for a member (what, when, where, points, their own check-in) with 扫码签到 / 扫码签退
 * from here through the one scan flow (services/scan.ts: a code of another event is refused, a
 * refused location leads to the settings page and the scan again); for its staff, links to the
 * QR page and attendance.
 */
Component({
  behaviors: [detailById],
  data: {
    view: LOADING as ViewState,
    event: null as Detail | null,
    card: null as ResultCard | null,
    busy: false,
    /** A grid leader or secretary may check in their own members at any event in scope (代签到). */
    canProxy: false,
  },
  methods: {
    async load() {
      if (!this.data.event) this.setData({ view: LOADING });
      const r = await getEvent(this.data.id);
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, event: detail(r.data) });
      // the session is cached: no request
      const me = await loadMe();
      this.setData({ canProxy: me.ok && can(me.data.roles, 'events.proxyCheckin') });
    },
    onProxy() {
      wx.navigateTo({ url: `/staff/pages/events/attendance/proxy/index?id=${this.data.id}` });
    },
    onCheckin() {
      void this.scan('checkin');
    },
    onCheckout() {
      void this.scan('checkout');
    },
    scan(kind: ScanKind) {
      const ev = this.data.event;
      if (!ev) return Promise.resolve();
      return this.submit(() => scanAndSubmit(kind, { expectedEventId: ev.id, geofenced: ev.geofence }));
    },
    async submit(run: () => Promise<ScanOutcome>) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const o = await run();
        stoppedCode = o.status === 'locationRefused' ? { kind: o.kind, code: o.code } : null;
        const card = outcomeCard(o);
        if (card) this.setData({ card });
        if (o.status === 'done' && o.result.ok) void this.load();
      } finally {
        this.setData({ busy: false });
      }
    },
    /** The result card's button: scan again, scan to check out, or turn location on and retry. */
    async onCardAction() {
      const card = this.data.card;
      const ev = this.data.event;
      if (!card || !ev) return;
      if (card.action === 'checkout') return this.scan('checkout');
      if (card.action === 'rescan') return this.scan('checkin');
      if (card.action === 'bind') return void wx.navigateTo({ url: BIND_URL });
      if (card.action === 'settings' && (await openLocationSetting())) {
        const stopped = stoppedCode;
        if (stopped) return this.submit(() => retryCode(stopped.kind, stopped.code, { expectedEventId: ev.id, geofenced: true }));
        return this.scan('checkin');
      }
    },
    onQr() {
      wx.navigateTo({ url: `/staff/pages/events/qr/index?id=${this.data.id}` });
    },
    onAttendance() {
      wx.navigateTo({ url: `/staff/pages/events/attendance/index?id=${this.data.id}` });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
