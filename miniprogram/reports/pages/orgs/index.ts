import type { HonourRow, OrgRowView, RankPeriodKind } from '../../../../core/contracts/reports';
import { reloadable } from '../../../behaviors/reloadable';
import { openExport } from '../../../services/files';
import { loadMe } from '../../../services/session';
import { exportReport, getHonours, getOrgRank, publishStars, recordFollowUp } from '../../../services/reports';
import { grantsFor } from '../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Choice = { id: string; label: string; period: RankPeriodKind; key?: string };

/** Last month's key in China time (UTC+8 all year), e.g. month:2026-10. */
export function lastMonthKey(now: Date): string {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const y = d.getUTCMonth() === 0 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
  const m = d.getUTCMonth() === 0 ? 12 : d.getUTCMonth();
  return `month:${y}-${String(m).padStart(2, '0')}`;
}

const CHOICES = (now: Date): Choice[] => [
  { id: 'last', label: '上月', period: 'month', key: lastMonthKey(now) },
  { id: 'month', label: '本月', period: 'month' },
  { id: 'quarter', label: '本季度', period: 'quarter' },
  { id: 'year', label: '本年度', period: 'year' },
];

/**
 * Admins (街镇 / 组织部): the branches of their town or the county ranked per capita with
 * participation and the move since last period; 十佳 and 末位 members and branches with 约谈
 * follow-ups (who, when, a note, and next period's result); 每月之星 publication; the 通报 export.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    choices: [] as Choice[],
    choice: 'last',
    orgId: '',
    orgName: '',
    label: '',
    rows: [] as (OrgRowView & { trend: string })[],
    best: [] as HonourRow[],
    bottom: [] as HonourRow[],
    bottomOrgs: [] as HonourRow[],
    followFor: '',
    note: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '', choices: CHOICES(new Date()) });
    },
    selected(): Choice {
      return this.data.choices.find((c) => c.id === this.data.choice) ?? this.data.choices[0];
    },
    async load() {
      if (!this.data.choices.length) this.setData({ choices: CHOICES(new Date()) });
      let orgId = this.data.orgId;
      if (!orgId) {
        const me = await loadMe();
        if (!me.ok) return this.setData({ view: errorView(me) });
        orgId = grantsFor(me.data.roles, 'reports.honours.followUp')[0]?.orgId ?? '';
        if (!orgId) return this.setData({ view: emptyView('组织排名与通报由街镇或组织部管理员查看') });
      }
      const c = this.selected();
      const q = { orgId, period: c.period, ...(c.key ? { key: c.key } : {}) };
      const [orgs, honours] = await Promise.all([getOrgRank(q), getHonours(q)]);
      if (!orgs.ok) return this.setData({ view: errorView(orgs) });
      if (!honours.ok) return this.setData({ view: errorView(honours) });
      const rows = orgs.data.rows.map((r) => ({
        ...r,
        trend: r.previousRank == null ? '' : r.previousRank > r.rank ? `↑${r.previousRank - r.rank}` : r.previousRank < r.rank ? `↓${r.rank - r.previousRank}` : '—',
      }));
      this.setData({
        orgId,
        orgName: honours.data.org.name,
        label: honours.data.label + (honours.data.final ? '（最终）' : '（每小时更新）'),
        rows,
        best: honours.data.best,
        bottom: honours.data.bottom,
        bottomOrgs: honours.data.bottomOrgs,
        view: rows.length || honours.data.best.length ? READY : emptyView('本期还没有排名数据'),
      });
    },
    onChoice(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ choice: e.currentTarget.dataset.id });
      void this.load();
    },
    onFollow(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ followFor: e.currentTarget.dataset.id, note: '' });
    },
    onNote(e: { detail: { value: string } }) {
      this.setData({ note: e.detail.value });
    },
    async onSaveFollow() {
      const note = this.data.note.trim();
      if (!note) return wx.showToast({ title: '请填写约谈情况', icon: 'none' });
      const c = this.selected();
      const key = c.key ?? '';
      if (!key) return wx.showToast({ title: '请选择已结束的期间登记约谈', icon: 'none' });
      this.setData({ busy: true });
      const r = await recordFollowUp({ orgId: this.data.orgId, key, subjectId: this.data.followFor, note });
      this.setData({ busy: false });
      wx.showToast({ title: r.ok ? '约谈已登记' : r.message, icon: 'none' });
      if (r.ok) {
        this.setData({ followFor: '' });
        await this.load();
      }
    },
    async onPublish() {
      const c = this.selected();
      if (!c.key || c.period !== 'month') return wx.showToast({ title: '请选择“上月”发布每月之星', icon: 'none' });
      const r = await publishStars(this.data.orgId, c.key.slice('month:'.length));
      wx.showToast({ title: r.ok ? `已发布 ${r.data.published} 个支部${r.data.waiting ? `，${r.data.waiting} 个支部待书记确认` : ''}` : r.message, icon: 'none' });
    },
    async onExport() {
      const c = this.selected();
      this.setData({ busy: true });
      const r = await exportReport({ orgId: this.data.orgId, period: c.period, ...(c.key ? { key: c.key } : {}) });
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      const opened = await openExport(r.data);
      if (!opened.ok) wx.showToast({ title: opened.message, icon: 'none' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
