import type { KpiView, StatsResult } from '../../../../core/contracts/grid';
import { gridStats } from '../../../services/grid';
import { loadMe } from '../../../services/session';
import { grantsFor } from '../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Bar = { key: string; label: string; value: string; width: number; path: string };
type Figure = { key: string; label: string; value: string };

const pct = (x: number | null): string => (x === null ? '—' : `${x}%`);
const hours = (h: number | null): string => (h === null ? '—' : h < 0 ? '超过30天' : h <= 48 ? `${h}小时内` : `${Math.round(h / 24)}天内`);

export function figuresOf(k: KpiView): Figure[] {
  return [
    { key: 'reported', label: '上报', value: String(k.reported) },
    { key: 'accepted', label: '受理', value: String(k.accepted) },
    { key: 'closed', label: '办结', value: String(k.closed) },
    { key: 'closeRate', label: '办结率', value: pct(k.closeRate) },
    { key: 'overdue', label: '超期', value: String(k.overdue) },
    { key: 'median', label: '办理用时中位数', value: hours(k.medianHours) },
    { key: 'first', label: '网格一级办结占比', value: pct(k.firstLevelShare) },
  ];
}

/** Bars as plain views: width in percent of the largest value. */
function bars(rows: { key: string; label: string; n: number; path: string }[]): Bar[] {
  const max = Math.max(1, ...rows.map((r) => r.n));
  return rows.map((r) => ({ key: r.key, label: r.label, value: String(r.n), width: Math.round((r.n / max) * 100), path: r.path }));
}

/**
 * 网格事项统计: an org's KPIs this month (reported, accepted, closed, 办结率, overdue, median
 * handling time, share closed at the grid), the last six months as bars, and its children's
 * reports as bars (tap one to drill down). Opens on the caller's first org with a staff grant.
 */
Component({
  data: {
    view: LOADING as ViewState,
    orgId: '',
    orgName: '',
    path: [] as string[],
    figures: [] as Figure[],
    trend: [] as Bar[],
    children: [] as Bar[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '', orgName: query.name ? decodeURIComponent(query.name) : '', path: query.path ? query.path.split(',') : [] });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      let { orgId, orgName } = this.data;
      if (!orgId) {
        const me = await loadMe();
        if (!me.ok) return this.setData({ view: errorView(me) });
        const [first] = grantsFor(me.data.roles, 'grid.stats');
        if (!first) return this.setData({ view: emptyView('只有网格长、书记和管理员可以查看统计') });
        orgId = first.orgId;
        orgName = first.orgName;
      }
      const r = await gridStats(orgId, 6, this.data.path.length ? this.data.path : undefined);
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.show(r.data, orgName);
    },
    show(s: StatsResult, orgName: string) {
      const base = s.orgPath;
      this.setData({
        orgId: s.orgId,
        orgName: orgName || s.orgId,
        figures: figuresOf(s.kpi),
        trend: bars(s.trend.map((t) => ({ key: t.month, label: t.month.slice(5) + '月', n: t.kpi.reported, path: '' }))),
        children: bars(s.children.map((c) => ({ key: c.orgId, label: c.orgId, n: c.kpi.reported, path: [...base, c.orgId].join(',') }))),
        view: s.kpi.reported || s.trend.some((t) => t.kpi.reported) ? READY : emptyView('本月和近半年暂无网格事项'),
      });
    },
    onChild(e: { currentTarget: { dataset: { id: string; path: string } } }) {
      const { id, path } = e.currentTarget.dataset;
      wx.navigateTo({ url: `/grid/pages/stats/index?orgId=${id}${path ? `&path=${path}` : ''}` });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
