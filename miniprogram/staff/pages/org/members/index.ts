import { listMembers } from '../../../../services/org';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { FILTERS, filterInput, memberRow, type FilterKey, type MemberRow } from './list-view';
import { pullToRefresh } from '../../../../behaviors/reloadable';

const PAGE_SIZE = 50;

/**
 * 党员花名册: members under `?orgId=` (or the caller's whole scope), searched by name, filtered by
 * status / unbound, 50 a page with the server's cursor ("加载更多" or scrolling to the bottom).
 */
Component({
  behaviors: [pullToRefresh],
  data: {
    view: LOADING as ViewState,
    orgId: '',
    q: '',
    filter: 'all' as FilterKey,
    filters: FILTERS,
    rows: [] as MemberRow[],
    total: 0,
    cursor: '',
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      if (query.name) wx.setNavigationBarTitle({ title: `花名册 · ${decodeURIComponent(query.name)}` });
      void this.load();
    },
    onReachBottom() {
      void this.onMore();
    },
    input(cursor?: string) {
      const d = this.data;
      return { ...(d.orgId ? { orgId: d.orgId } : {}), ...(d.q.trim() ? { q: d.q.trim() } : {}), ...filterInput(d.filter), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
    },
    async load() {
      this.setData({ view: LOADING });
      const r = await listMembers(this.input());
      if (!r.ok) return this.setData({ view: errorView(r) });
      const rows = r.data.items.map(memberRow);
      this.setData({
        view: rows.length ? READY : emptyView(this.data.q ? `没有姓名含“${this.data.q}”的党员` : '没有符合条件的党员'),
        rows,
        total: r.data.total,
        cursor: r.data.nextCursor ?? '',
      });
    },
    async onMore() {
      if (!this.data.cursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const r = await listMembers(this.input(this.data.cursor));
      if (!r.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: r.message, icon: 'none' });
        return;
      }
      this.setData({ loadingMore: false, rows: [...this.data.rows, ...r.data.items.map(memberRow)], total: r.data.total, cursor: r.data.nextCursor ?? '' });
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },
    onSearch() {
      void this.load();
    },
    onClear() {
      this.setData({ q: '' });
      void this.load();
    },
    onFilter(e: { currentTarget: { dataset: { key: FilterKey } } }) {
      this.setData({ filter: e.currentTarget.dataset.key });
      void this.load();
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
