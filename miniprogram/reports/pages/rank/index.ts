import type { ExcludedView, RankLevel, RankPeriodKind } from '../../../../core/contracts/reports';
import { pullToRefresh } from '../../../behaviors/reloadable';
import { getRank } from '../../../services/reports';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { LEVELS, PERIODS, rankLine, type RankLine } from '../../views';

const PAGE = 20;

/**
 * 排行: the ranking of my branch, town or county for this month, quarter or year (from the
 * period's snapshot, refreshed hourly; a finished period is final). Ties share a rank (并列).
 * A branch list shows each member's move since last period (趋势). Members listed apart from
 * ranking are shown apart, with why. Opened with `?level=&orgId=` by staff for an org in scope.
 */
Component({
  behaviors: [pullToRefresh],
  data: {
    view: LOADING as ViewState,
    levels: LEVELS,
    periods: PERIODS,
    level: 'branch' as RankLevel,
    period: 'month' as RankPeriodKind,
    orgId: '',
    orgName: '',
    label: '',
    status: '',
    count: 0,
    perCapita: 0,
    participation: 0,
    rows: [] as RankLine[],
    excluded: [] as ExcludedView[],
    excludedCount: 0,
    complete: true,
    more: false,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const level = LEVELS.some((l) => l.value === query.level) ? (query.level as RankLevel) : 'branch';
      this.setData({ level, orgId: query.orgId ?? '' });
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const { level, period, orgId } = this.data;
      const r = await getRank({ level, period, offset: 0, limit: PAGE, trend: level === 'branch', ...(orgId ? { orgId } : {}) });
      if (!r.ok) return this.setData({ view: errorView(r) });
      const d = r.data;
      const base = {
        orgName: d.org?.name ?? '',
        label: d.label,
        status: d.final ? '最终排名' : d.asOf ? '每小时更新' : '',
        count: d.count,
        perCapita: d.perCapita,
        participation: d.participation,
        excluded: d.excluded,
        excludedCount: d.excludedCount,
        complete: d.complete,
        rows: d.rows.map(rankLine),
        more: d.rows.length === PAGE && d.rows.length < (d.complete ? d.count : 100),
      };
      if (!d.rows.length && !d.excludedCount) return this.setData({ ...base, view: emptyView(d.org ? '本期还没有人获得积分' : '还没有排名：新成立的组织，下一次更新后即可查看') });
      this.setData({ ...base, view: READY });
    },
    async onMore() {
      if (this.data.loadingMore || !this.data.more) return;
      this.setData({ loadingMore: true });
      const { level, period, orgId } = this.data;
      const r = await getRank({ level, period, offset: this.data.rows.length, limit: PAGE, trend: level === 'branch', ...(orgId ? { orgId } : {}) });
      if (!r.ok) return this.setData({ loadingMore: false });
      const rows = [...this.data.rows, ...r.data.rows.map(rankLine)];
      this.setData({ rows, loadingMore: false, more: r.data.rows.length === PAGE && rows.length < (r.data.complete ? r.data.count : 100) });
    },
    onLevel(e: { detail: { value: RankLevel } }) {
      this.setData({ level: e.detail.value, orgId: '' });
      void this.load();
    },
    onPeriod(e: { currentTarget: { dataset: { value: RankPeriodKind } } }) {
      this.setData({ period: e.currentTarget.dataset.value });
      void this.load();
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
