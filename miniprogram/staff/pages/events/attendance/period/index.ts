import type { AttendancePeriodResult } from '../../../../../../core/contracts/events';
import { actingGrant } from '../../../../../services/acting';
import { exportPeriodAttendance, periodAttendance } from '../../../../../services/attendance';
import { openExport } from '../../../../../services/files';
import { loadMe } from '../../../../../services/session';
import { grantsFor } from '../../../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../../utils/view-state';

type Row = { memberId: string; name: string; branch: string; line: string };
type EventRow = { id: string; title: string; line: string };

/** Today in China (YYYY-MM-DD), whatever the phone's zone. */
function chinaDay(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

const rowOf = (r: AttendancePeriodResult['rows'][number]): Row => ({
  memberId: r.memberId,
  name: r.name,
  branch: r.branchName,
  line: `出勤 ${r.attended} 次${r.offline ? ` · 离线 ${r.offline}` : ''}${r.proxy ? ` · 代签 ${r.proxy}` : ''}${r.hours ? ` · 服务 ${r.hours} 小时` : ''}`,
});

/**
 * 出勤统计 (staff; admins for their town or county): every event organized under the acting org
 * between two dates and how often each member came (events.attendance kind `period`); 导出 Excel
 * opens the same report on the phone (files.attendance.export → wx.cloud.downloadFile →
 * wx.openDocument).
 */
Component({
  data: {
    view: LOADING as ViewState,
    orgId: '',
    orgName: '',
    from: '',
    to: '',
    today: '',
    events: [] as EventRow[],
    rows: [] as Row[],
    members: 0,
    truncated: false,
    exporting: false,
  },
  methods: {
    onLoad() {
      const today = chinaDay();
      this.setData({ today, to: today, from: `${today.slice(0, 8)}01` });
    },
    onShow() {
      if (!this.data.orgId) void this.start();
    },
    async start() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const acting = actingGrant(me.data);
      const grant = acting && grantsFor([acting], 'files.attendance.export').length ? acting : grantsFor(me.data.roles, 'files.attendance.export')[0];
      if (!grant) return this.setData({ view: emptyView('只有支部书记、网格长和组织管理员可以查看出勤统计') });
      this.setData({ orgId: grant.orgId, orgName: grant.orgName });
      await this.load();
    },
    async load() {
      const { orgId, from, to } = this.data;
      if (from > to) return this.setData({ view: emptyView('开始日期不能晚于结束日期') });
      this.setData({ view: LOADING });
      const r = await periodAttendance(orgId, from, to);
      if (!r.ok) return this.setData({ view: errorView(r) });
      const events = r.data.events.map((e) => ({
        id: e.id,
        title: e.title,
        line: `${e.startAt.slice(5, 10).replace('-', '月')}日 · 签到 ${e.attended} 人${e.pending ? ` · 待确认 ${e.pending}` : ''}`,
      }));
      this.setData({
        view: events.length ? READY : emptyView('这段时间没有活动'),
        events,
        rows: r.data.rows.map(rowOf),
        members: r.data.members,
        truncated: r.data.truncated,
      });
    },
    onFrom(e: { detail: { value: string } }) {
      this.setData({ from: e.detail.value });
      void this.load();
    },
    onTo(e: { detail: { value: string } }) {
      this.setData({ to: e.detail.value });
      void this.load();
    },
    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      const r = await exportPeriodAttendance(this.data.orgId, this.data.from, this.data.to);
      if (!r.ok) {
        this.setData({ exporting: false });
        return wx.showToast({ title: r.message, icon: 'none' });
      }
      const opened = await openExport(r.data);
      this.setData({ exporting: false });
      if (!opened.ok) wx.showToast({ title: opened.message, icon: 'none' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.start();
    },
  },
});
