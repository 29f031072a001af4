import type { EventsListItem } from '../../../core/contracts/events';
import { enqueue, flushQueue, learnServerTime, queuedScans, serverNow } from '../../services/checkin-queue';
import type { Result } from '../../services/cloud';
import { checkin, checkout, listEvents, tokenEventId, type ScanPayload } from '../../services/events';
import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import type { CheckinResult } from '../../../core/contracts/events';
import { counts, eventHeadline, myStatusText, notOurCodeCard, queuedCard, refusalCard, successCard, type ResultCard } from './views';
import { can } from '../../utils/permissions';

type EventItem = { id: string; title: string; type: string; when: string; place: string; status: string; checkedIn: boolean; geofence: boolean; checkoutPending: boolean };
type Kind = 'checkin' | 'checkout';

function item(e: EventsListItem): EventItem {
  return {
    ...eventHeadline(e),
    status: e.status === 'cancelled' ? '已取消' : myStatusText(e.my, e),
    checkedIn: counts(e.my),
    geofence: !!e.geofence,
    checkoutPending: e.checkoutRequired && counts(e.my) && !e.my?.checkoutAt,
  };
}

/** Where the phone is, or null (refused, no permission, no fix). Asked only for geofenced events. */
function locate(): Promise<ScanPayload['location'] | null> {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: (r) => resolve({ lat: r.latitude, lng: r.longitude, accuracy: r.accuracy }),
      fail: () => resolve(null),
    });
  });
}

function scanText(): Promise<string | null> {
  return new Promise((resolve) => {
    wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'], success: (r) => resolve(r.result), fail: () => resolve(null) });
  });
}

const send = (kind: Kind, p: ScanPayload): Promise<Result<CheckinResult>> => (kind === 'checkin' ? checkin(p) : checkout(p));

let networkListener: ((r: { isConnected: boolean }) => void) | null = null;

/**
 * 签到 tab: one big 扫码签到 button (wx.scanCode), a result card for every outcome in plain
 * Chinese, the offline queue (scans made without signal, stored with their scan time and sent
 * when the network returns), and the member's recent events. Staff see 活动管理.
 */
Component({
  data: {
    view: LOADING as ViewState,
    events: [] as EventItem[],
    card: null as ResultCard | null,
    cardEventId: '',
    queued: 0,
    busy: false,
    staff: false,
  },
  methods: {
    onLoad() {
      networkListener = (r) => {
        if (r.isConnected) void this.flush();
      };
      wx.onNetworkStatusChange(networkListener);
    },
    onUnload() {
      if (networkListener && typeof wx.offNetworkStatusChange === 'function') wx.offNetworkStatusChange(networkListener as unknown as WechatMiniprogram.OffNetworkStatusChangeCallback);
      networkListener = null;
    },
    onShow() {
      selectTab(this, 'checkin');
      this.setData({ queued: queuedScans().length });
      void this.flush();
      void this.load();
    },
    onPullDownRefresh() {
      void Promise.all([this.flush(), this.load()]).then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const [me, list] = await Promise.all([loadMe(), listEvents({ view: 'mine', limit: 10 })]);
      if (me.ok) this.setData({ staff: can(me.data.roles, 'events.create') });
      if (!list.ok) return this.setData({ view: errorView(list) });
      this.setData({ view: READY, events: list.data.items.map(item) });
    },
    /** Sends the scans waiting on the phone; shows the outcome of the last one. */
    async flush() {
      if (!queuedScans().length) return;
      const outcomes = await flushQueue(send);
      this.setData({ queued: queuedScans().length });
      const last = outcomes[outcomes.length - 1];
      if (!last) return;
      const card = last.result.ok ? successCard(last.result.data, last.scan.kind) : refusalCard(last.result.code, last.result.message);
      this.setData({ card: { ...card, title: `离线${last.scan.kind === 'checkin' ? '签到' : '签退'}已补传：${card.title}` }, cardEventId: last.result.ok ? last.result.data.eventId : '' });
      wx.showToast({ title: `已补传 ${outcomes.length} 条`, icon: 'none' });
      void this.load();
    },
    onScan() {
      void this.scan('checkin');
    },
    onFlush() {
      void this.flush();
    },
    async scan(kind: Kind, expectedEventId?: string) {
      if (this.data.busy) return;
      const text = await scanText();
      if (text === null) return;
      const eventId = tokenEventId(text);
      if (!eventId) return this.setData({ card: notOurCodeCard(), cardEventId: '' });
      // the scan time, on the server's clock: what an offline scan is judged by
      const scannedAt = serverNow().toISOString();
      this.setData({ busy: true });
      try {
        const known = this.data.events.find((e) => e.id === eventId);
        let location = known?.geofence ? await locate() : null;
        const payload = (): ScanPayload => ({ token: text, ...(location ? { location } : {}), ...(expectedEventId ? { eventId: expectedEventId } : {}) });
        let r = await send(kind, payload());
        if (!r.ok && r.code === 'LOCATION_REQUIRED' && !location) {
          location = await locate();
          if (location) r = await send(kind, payload());
        }
        if (r.ok) {
          learnServerTime(r.data.serverTime);
          this.setData({ card: successCard(r.data, kind), cardEventId: r.data.eventId });
          void this.load();
        } else if (r.code === 'NETWORK' || r.code === 'TIMEOUT') {
          enqueue({ kind, token: text, scannedAt, ...(location ? { location } : {}), ...(expectedEventId ? { eventId: expectedEventId } : {}) });
          this.setData({ card: queuedCard(kind), cardEventId: eventId, queued: queuedScans().length });
        } else {
          this.setData({ card: refusalCard(r.code, r.message), cardEventId: eventId });
        }
      } finally {
        this.setData({ busy: false });
      }
    },
    onCardAction() {
      const card = this.data.card;
      if (!card) return;
      if (card.action === 'checkout') void this.scan('checkout');
      else if (card.action === 'rescan') void this.scan('checkin');
      else if (card.action === 'bind') wx.navigateTo({ url: BIND_URL });
    },
    onEvent(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: `/pages/events/detail/index?id=${e.currentTarget.dataset.id}` });
    },
    onDedicationLog() {
      wx.navigateTo({ url: '/pages/events/dedication-log/index' });
    },
    onManage() {
      wx.navigateTo({ url: '/staff/pages/events/manage/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
