import { elderly } from '../../../behaviors/elderly';
import { myDedication } from '../../../services/attendance';
import { dedicationMonth } from '../../../services/events';
import { ASK, askToSubscribe } from '../../../services/subscribe';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { logRows, monthView, type LogRow, type MonthView } from './view';

/** Today in China (YYYY-MM-DD), whatever the phone's zone. */
const chinaDay = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 我的奉献日: this month's status and the next date (events.dedication.month, the member's own
 * row), hours served this year and ever, and the service logs with their review status
 * (events.dedication.mine). 提醒我 asks for the reminder the evening before (subscribe message);
 * 登记服务 opens the service log form.
 */
Component({
  behaviors: [elderly],
  data: {
    view: LOADING as ViewState,
    month: { date: '', status: '', served: false, next: '' } as MonthView,
    hoursYear: 0,
    hoursTotal: 0,
    year: 0,
    logs: [] as LogRow[],
    reminded: false,
  },
  methods: {
    onShow() {
      this.applyUi();
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const today = chinaDay();
      const [month, mine] = await Promise.all([dedicationMonth(today.slice(0, 7)), myDedication()]);
      if (!month.ok) return this.setData({ view: errorView(month) });
      if (!mine.ok) return this.setData({ view: errorView(mine) });
      this.setData({
        view: READY,
        month: monthView(month.data, today),
        hoursYear: mine.data.hours.year,
        hoursTotal: mine.data.hours.total,
        year: mine.data.year,
        logs: logRows(mine.data.logs),
      });
    },
    async onRemind() {
      const answer = await askToSubscribe(...ASK.dedication);
      const accepted = Object.values(answer).includes('accept');
      this.setData({ reminded: accepted });
      wx.showToast({ title: accepted ? '好的，奉献日前一天晚上提醒您' : '未开启提醒', icon: 'none' });
    },
    onLog() {
      wx.navigateTo({ url: '/pages/events/dedication-log/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
