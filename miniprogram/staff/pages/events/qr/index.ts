import { envVersion } from '../../../../config';
import { closeEvent, eventQr, getEvent } from '../../../../services/events';
import { errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { whenText } from '../../../../pages/checkin/views';

/** A retry after a failed fetch: the shown code stays valid for up to 30 s. */
const RETRY_MS = 5000;
/** Fetch a hair after the step turns, so the new step has begun on the server too. */
const AFTER_STEP_MS = 300;

let refresh: ReturnType<typeof setTimeout> | null = null;
let ticker: ReturnType<typeof setInterval> | null = null;

function stopTimers(): void {
  if (refresh) clearTimeout(refresh);
  if (ticker) clearInterval(ticker);
  refresh = null;
  ticker = null;
}

const WINDOW_TEXT: Record<string, string> = { before: '签到尚未开始（可提前出示）', open: '正在签到', after: '签到时间已过' };

/**
 * 出示签到码 (staff of the organizing org): the rotating 小程序码 (events.qr: wxacode.getUnlimited,
 * an inline image; WeChat's 扫一扫 opens the check-in page with its scene, so a member checks in
 * from the WeChat home screen), fetched anew each 15 s step (the secret never leaves the server),
 * the screen kept on, the live count of check-ins, a countdown to the next code, and 结束签到.
 * When WeChat will not make the image (quota, page not yet published) the fallback QR of the
 * text token is drawn instead (TDesign t-qrcode), which 红管家's own 扫码签到 reads.
 */
Component({
  data: {
    view: LOADING as ViewState,
    id: '',
    title: '',
    when: '',
    place: '',
    token: '',
    /** The 小程序码 as a data URL; '' shows the fallback QR of `token`. */
    image: '',
    checkedIn: 0,
    checkedOut: null as number | null,
    windowText: '',
    seconds: 15,
    stale: false,
    closing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      wx.setKeepScreenOn({ keepScreenOn: true });
    },
    onShow() {
      void this.start();
    },
    onHide() {
      stopTimers();
    },
    onUnload() {
      stopTimers();
      wx.setKeepScreenOn({ keepScreenOn: false });
    },
    async start() {
      stopTimers();
      const ev = await getEvent(this.data.id);
      if (ev.ok) this.setData({ title: ev.data.event.title, when: whenText(ev.data.event), place: ev.data.event.place?.name ?? '' });
      ticker = setInterval(() => {
        if (this.data.seconds > 0) this.setData({ seconds: this.data.seconds - 1 });
      }, 1000);
      await this.fetch();
    },
    /** One step: the token, the count, and when to come back. */
    async fetch() {
      const r = await eventQr(this.data.id, envVersion());
      if (!r.ok) {
        if (r.code === 'NETWORK' || r.code === 'TIMEOUT' || r.code === 'BUSY' || r.code === 'INTERNAL') {
          // keep showing the last code (good for up to 30 s) and try again soon
          this.setData({ stale: true });
          refresh = setTimeout(() => void this.fetch(), RETRY_MS);
          return;
        }
        stopTimers();
        return this.setData({ view: errorView(r), token: '', image: '' });
      }
      const q = r.data;
      this.setData({
        view: READY,
        token: q.token,
        image: q.image ?? '',
        checkedIn: q.checkedIn,
        checkedOut: q.checkedOut,
        windowText: WINDOW_TEXT[q.window],
        seconds: Math.ceil(q.refreshInMs / 1000),
        stale: false,
      });
      refresh = setTimeout(() => void this.fetch(), q.refreshInMs + AFTER_STEP_MS);
    },
    onAttendance() {
      wx.navigateTo({ url: `/staff/pages/events/attendance/index?id=${this.data.id}` });
    },
    onClose() {
      wx.showModal({
        title: '结束签到',
        content: '结束后签到码失效，不能再扫码签到（已离线扫码的仍可补传）。确定结束吗？',
        confirmText: '结束签到',
        success: async (m) => {
          if (!m.confirm) return;
          this.setData({ closing: true });
          const r = await closeEvent(this.data.id, 'closed');
          this.setData({ closing: false });
          if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
          stopTimers();
          wx.showToast({ title: '已结束签到', icon: 'success' });
          this.setData({ token: '', image: '', view: { ...READY, status: 'empty', message: '本次活动已结束签到', actionText: '查看签到情况', action: 'retry' } });
        },
      });
    },
    onStateAction() {
      if (this.data.view.status === 'empty') this.onAttendance();
      else void this.start();
    },
  },
});
