import { auditList } from '../../../../services/org';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { auditRow, RANGES, rangeFrom, type AuditRow, type RangeKey } from './audit-view';
import { pullToRefresh } from '../../../../behaviors/reloadable';

/** 操作记录: org.audit.list under `?orgId=`, newest first, by time range; tap a record for before/after. */
Component({
  behaviors: [pullToRefresh],
  data: {
    view: LOADING as ViewState,
    orgId: '',
    ranges: RANGES,
    range: '7d' as RangeKey,
    rows: [] as AuditRow[],
    open: {} as Record<string, boolean>,
    cursor: '',
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      void this.load();
    },
    onReachBottom() {
      void this.onMore();
    },
    input(cursor?: string) {
      const from = rangeFrom(this.data.range, Date.now());
      return { ...(this.data.orgId ? { orgId: this.data.orgId } : {}), ...(from ? { from } : {}), limit: 30, ...(cursor ? { cursor } : {}) };
    },
    async load() {
      this.setData({ view: LOADING, open: {} });
      const r = await auditList(this.input());
      if (!r.ok) return this.setData({ view: errorView(r) });
      const rows = r.data.items.map(auditRow);
      this.setData({ view: rows.length ? READY : emptyView('这段时间没有操作记录'), rows, cursor: r.data.nextCursor ?? '' });
    },
    async onMore() {
      if (!this.data.cursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const r = await auditList(this.input(this.data.cursor));
      if (!r.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: r.message, icon: 'none' });
        return;
      }
      this.setData({ loadingMore: false, rows: [...this.data.rows, ...r.data.items.map(auditRow)], cursor: r.data.nextCursor ?? '' });
    },
    onRange(e: { currentTarget: { dataset: { key: RangeKey } } }) {
      this.setData({ range: e.currentTarget.dataset.key });
      void this.load();
    },
    onToggle(e: { currentTarget: { dataset: { id: string } } }) {
      const id = e.currentTarget.dataset.id;
      this.setData({ [`open.${id}`]: !this.data.open[id] });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
