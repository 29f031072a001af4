import type { EventsListItem } from '../../../core/contracts/events';
import { flushQueue, queuedScans } from '../../services/checkin-queue';
import type { Result } from '../../services/cloud';
import { checkin, checkout, listEvents, type ScanPayload } from '../../services/events';
import { codeFromScene, openLocationSetting, retryCode, scanAndSubmit, submitCode, type ScanKind, type ScanOutcome, type ScannedCode } from '../../services/scan';
import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import type { CheckinResult } from '../../../core/contracts/events';
import { counts, eventHeadline, myStatusText, notOurCodeCard, outcomeCard, refusalCard, successCard, type ResultCard } from './views';
import { can } from '../../utils/permissions';
import { elderly } from '../../behaviors/elderly';

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

const send = (kind: Kind, p: ScanPayload): Promise<Result<CheckinResult>> => (kind === 'checkin' ? checkin(p) : checkout(p));

let networkListener: ((r: { isConnected: boolean }) => void) | null = null;
/** A scene the page was opened with (WeChat's 扫一扫 on a check-in 小程序码), sent once shown. */
let pendingScene: ScannedCode | null = null;
/** The code a refused location stopped, retried once location is on. */
let stoppedCode: { kind: ScanKind; code: ScannedCode } | null = null;

/**
 * 签到 tab: one big 扫码签到 button, a result card for every outcome in plain Chinese, the
 * offline queue (scans made without signal, stored with their scan time and sent when the
 * network returns), and the member's recent events. Staff see 活动管理. It is also the page a
 * check-in 小程序码 opens from WeChat's 扫一扫 (onLoad({scene}); WeChat reLaunches to it even when
 * the app is open, 运行机制 "再次打开逻辑"), which checks the member in at once. Scanning goes
 * through services/scan.ts (the same flow as the event page, location refusal included).
 */
Component({
  // 长辈模式 and the system font size (the result card must stay readable at the largest setting)
  behaviors: [elderly],
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
    onLoad(query: Record<string, string | undefined> = {}) {
      pendingScene = null;
      if (query.scene) {
        pendingScene = codeFromScene(query.scene);
        if (!pendingScene) this.setData({ card: notOurCodeCard(), cardEventId: '' });
      }
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
      this.applyUi();
      this.setData({ queued: queuedScans().length });
      void this.flush();
      void this.load();
      if (pendingScene) {
        const code = pendingScene;
        pendingScene = null;
        void this.submit('checkin', () => submitCode('checkin', code));
      }
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
    scan(kind: Kind) {
      return this.submit(kind, () => scanAndSubmit(kind, { geofencedEvent: (id) => !!this.data.events.find((e) => e.id === id)?.geofence }));
    },
    /** Runs one scan flow and shows how it ended. */
    async submit(kind: ScanKind, run: () => Promise<ScanOutcome>) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const o = await run();
        stoppedCode = o.status === 'locationRefused' ? { kind: o.kind, code: o.code } : null;
        const card = outcomeCard(o);
        if (card) this.setData({ card, cardEventId: o.status === 'done' || o.status === 'queued' || o.status === 'locationRefused' ? o.eventId : '' });
        if (o.status === 'queued') this.setData({ queued: queuedScans().length });
        if (o.status === 'done' && o.result.ok) void this.load();
      } finally {
        this.setData({ busy: false });
      }
    },
    /** The refused-location card's button: the settings page, then the same scan again. */
    async openSettings() {
      if (!(await openLocationSetting())) return;
      const stopped = stoppedCode;
      // it stopped for want of a location: ask for one this time
      if (stopped) void this.submit(stopped.kind, () => retryCode(stopped.kind, stopped.code, { geofenced: true }));
      else void this.scan('checkin');
    },
    onCardAction() {
      const card = this.data.card;
      if (!card) return;
      if (card.action === 'checkout') void this.scan('checkout');
      else if (card.action === 'rescan') void this.scan('checkin');
      else if (card.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else if (card.action === 'settings') void this.openSettings();
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
