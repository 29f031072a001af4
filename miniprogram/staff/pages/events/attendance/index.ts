import type { AttendanceEventResult } from '../../../../../core/contracts/events';
import { decideOffline, eventAttendance, exportAttendance, proxyCheckin } from '../../../../services/events';
import { errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { clockText, whenText } from '../../../../pages/checkin/views';
import { reloadable } from '../../../../behaviors/reloadable';
import { openExport } from '../../../../services/files';

type Came = { memberId: string; name: string; branch: string; time: string; how: string; hours: string };
type Absent = { memberId: string; name: string; branch: string };
type Pending = { key: string; memberId: string; name: string; what: string; time: string };

/** While the page is open, the lists refresh this often (the QR page's step). */
const LIVE_MS = 15000;
const QUICK_REASONS = ['年纪大，未带手机', '手机没电', '手机无法扫码'];
let live: ReturnType<typeof setInterval> | null = null;

function came(r: AttendanceEventResult['attendedRows'][number]): Came {
  const how = r.proxy ? `代签（${r.proxy}）` : r.offline ? '离线扫码（已确认）' : '扫码';
  const out = r.checkoutAt ? `签退 ${clockText(r.checkoutAt)} · ${r.hours ?? 0} 小时${r.checkoutReview === 'pending' ? '（待确认）' : ''}` : '';
  return { memberId: r.memberId, name: r.name, branch: r.branchName, time: r.at ? clockText(r.at) : '', how, hours: out };
}

function pending(p: AttendanceEventResult['pendingRows'][number]): Pending {
  const what = p.kind === 'checkin' ? `离线扫码签到 · ${p.branchName}` : `离线扫码签退 · ${p.hours ?? 0} 小时 · ${p.branchName}`;
  return { key: `${p.memberId}:${p.kind}`, memberId: p.memberId, name: p.name, what, time: `扫码 ${clockText(p.scannedAt)}${p.receivedAt ? ` · 补传 ${clockText(p.receivedAt)}` : ''}` };
}

/**
 * 签到情况 (staff of the organizing org): who checked in (time, scan / offline / proxy,
 * check-out and hours) and who of the scope has not, refreshed every 15 s while open; 代签到 for
 * a member with no phone (events.proxyCheckin, with a reason; grid leaders for their group,
 * secretaries for their branch); offline scans awaiting confirmation, each or all confirmed
 * (credited) or refused (events.offline.confirm / refuse: a forwarded screenshot must not check
 * in someone who was not there); 导出 Excel.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    id: '',
    title: '',
    when: '',
    expected: 0,
    attended: 0,
    came: [] as Came[],
    absent: [] as Absent[],
    pending: [] as Pending[],
    deciding: false,
    truncated: false,
    proxy: { visible: false, memberId: '', name: '', reason: '', error: '' },
    quickReasons: QUICK_REASONS,
    busy: false,
    exporting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
    },
    onShow() {
      void this.load();
      if (live) clearInterval(live);
      live = setInterval(() => void this.load(), LIVE_MS);
    },
    onHide() {
      if (live) clearInterval(live);
      live = null;
    },
    onUnload() {
      if (live) clearInterval(live);
      live = null;
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await eventAttendance(this.data.id);
      if (!r.ok) {
        if (this.data.view.status === 'ready' && (r.code === 'NETWORK' || r.code === 'TIMEOUT')) return; // keep the last lists
        return this.setData({ view: errorView(r) });
      }
      if (r.data.kind !== 'event') return;
      const a = r.data;
      this.setData({
        view: READY,
        title: a.event.title,
        when: whenText(a.event),
        expected: a.expected,
        attended: a.attended,
        came: a.attendedRows.map(came),
        absent: a.absentRows.map((x) => ({ memberId: x.memberId, name: x.name, branch: x.branchName })),
        pending: a.pendingRows.map(pending),
        truncated: a.truncated,
      });
    },
    onProxy(e: { currentTarget: { dataset: { id: string; name: string } } }) {
      this.setData({ proxy: { visible: true, memberId: e.currentTarget.dataset.id, name: e.currentTarget.dataset.name, reason: '', error: '' } });
    },
    onQuickReason(e: { currentTarget: { dataset: { reason: string } } }) {
      this.setData({ 'proxy.reason': e.currentTarget.dataset.reason, 'proxy.error': '' });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ 'proxy.reason': e.detail.value, 'proxy.error': '' });
    },
    onCancelProxy() {
      this.setData({ 'proxy.visible': false });
    },
    async onConfirmProxy() {
      const { memberId, reason, name } = this.data.proxy;
      if (!reason.trim()) return this.setData({ 'proxy.error': '请填写代签原因' });
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await proxyCheckin(this.data.id, memberId, reason.trim());
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ 'proxy.error': r.message });
      this.setData({ 'proxy.visible': false });
      wx.showToast({ title: `已为${name}代签到`, icon: 'success' });
      void this.load();
    },
    /** Confirms or refuses the named members' offline scans, or all of them (calling again while some remain). */
    async decide(decision: 'confirm' | 'refuse', memberIds: string[] | 'all') {
      if (this.data.deciding) return;
      this.setData({ deciding: true });
      let done = 0;
      let error = '';
      for (let round = 0; round < 20; round++) {
        const r = await decideOffline(this.data.id, decision, memberIds === 'all' ? { all: true } : { memberIds });
        if (!r.ok) {
          error = r.message;
          break;
        }
        done += r.data.decided.length;
        if (!r.data.remaining) break;
      }
      this.setData({ deciding: false });
      wx.showToast({ title: error || (decision === 'confirm' ? `已确认 ${done} 人` : `已不予确认 ${done} 人`), icon: error ? 'none' : 'success' });
      void this.load();
    },
    onConfirmOne(e: { currentTarget: { dataset: { id: string } } }) {
      void this.decide('confirm', [e.currentTarget.dataset.id]);
    },
    onRefuseOne(e: { currentTarget: { dataset: { id: string; name: string } } }) {
      const { id, name } = e.currentTarget.dataset;
      wx.showModal({
        title: '不予确认',
        content: `不确认${name}的离线扫码？不计出勤和积分，本人可在签到时间内到现场重新扫码。`,
        confirmText: '不予确认',
        success: (res) => {
          if (res.confirm) void this.decide('refuse', [id]);
        },
      });
    },
    onConfirmAll() {
      wx.showModal({
        title: '全部确认',
        content: `确认全部 ${this.data.pending.length} 条离线扫码？请先核对本人确实到场，确认后计入出勤和积分。`,
        confirmText: '全部确认',
        success: (res) => {
          if (res.confirm) void this.decide('confirm', 'all');
        },
      });
    },
    onRefuseAll() {
      wx.showModal({
        title: '全部不予确认',
        content: `不确认全部 ${this.data.pending.length} 条离线扫码？不计出勤和积分。`,
        confirmText: '不予确认',
        success: (res) => {
          if (res.confirm) void this.decide('refuse', 'all');
        },
      });
    },
    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      const r = await exportAttendance(this.data.id);
      if (!r.ok) {
        this.setData({ exporting: false });
        return wx.showToast({ title: r.message, icon: 'none' });
      }
      const opened = await openExport(r.data);
      this.setData({ exporting: false });
      if (!opened.ok) wx.showToast({ title: opened.message, icon: 'none' });
    },
    onStateAction() {
      void this.load();
    },
  },
});
