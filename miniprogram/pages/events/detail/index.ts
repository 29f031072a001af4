import type { CheckinResult, EventsGetResult } from '../../../../core/contracts/events';
import type { Result } from '../../../services/cloud';
import { enqueue, learnServerTime, serverNow } from '../../../services/checkin-queue';
import { checkin, checkout, getEvent, tokenEventId, type ScanPayload } from '../../../services/events';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { counts, eventHeadline, myStatusText, notOurCodeCard, queuedCard, refusalCard, successCard, type ResultCard } from '../../checkin/views';
import { detailById } from '../../../behaviors/reloadable';

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

function locate(): Promise<ScanPayload['location'] | null> {
  return new Promise((resolve) => {
    wx.getLocation({ type: 'gcj02', success: (r) => resolve({ lat: r.latitude, lng: r.longitude, accuracy: r.accuracy }), fail: () => resolve(null) });
  });
}

/**
 * One event for a member (what, when, where, points, their own check-in) with 扫码签到 / 扫码签退
 * from here (a code of another event is refused); for its staff, links to the QR page and
 * attendance.
 */
Component({
  behaviors: [detailById],
  data: {
    view: LOADING as ViewState,
    event: null as Detail | null,
    card: null as ResultCard | null,
    busy: false,
  },
  methods: {
    async load() {
      if (!this.data.event) this.setData({ view: LOADING });
      const r = await getEvent(this.data.id);
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, event: detail(r.data) });
    },
    onCheckin() {
      void this.scan('checkin');
    },
    onCheckout() {
      void this.scan('checkout');
    },
    async scan(kind: 'checkin' | 'checkout') {
      const ev = this.data.event;
      if (!ev || this.data.busy) return;
      const text = await new Promise<string | null>((resolve) => wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'], success: (r) => resolve(r.result), fail: () => resolve(null) }));
      if (text === null) return;
      if (!tokenEventId(text)) return this.setData({ card: notOurCodeCard() });
      const scannedAt = serverNow().toISOString();
      this.setData({ busy: true });
      try {
        const location = ev.geofence ? await locate() : null;
        const p: ScanPayload = { token: text, eventId: ev.id, ...(location ? { location } : {}) };
        const r: Result<CheckinResult> = kind === 'checkin' ? await checkin(p) : await checkout(p);
        if (r.ok) {
          learnServerTime(r.data.serverTime);
          this.setData({ card: successCard(r.data, kind) });
          void this.load();
        } else if (r.code === 'NETWORK' || r.code === 'TIMEOUT') {
          enqueue({ kind, token: text, scannedAt, eventId: ev.id, ...(location ? { location } : {}) });
          this.setData({ card: queuedCard(kind) });
        } else this.setData({ card: refusalCard(r.code, r.message) });
      } finally {
        this.setData({ busy: false });
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
