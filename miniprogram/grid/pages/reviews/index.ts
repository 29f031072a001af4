import { listHighlights, listReviews } from '../../../services/grid';
import { loadMe } from '../../../services/session';
import { can } from '../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Box = 'received' | 'written' | 'highlights';
type Row = { id: string; title: string; desc: string; overdue: number; reviewId: string };
const EMPTY: Record<Box, string> = { received: '本组织还没有收到点评', written: '您还没有写过点评', highlights: '还没有推广的亮点' };

/**
 * 点评台账: reviews of my org (and those under it), reviews I wrote, and the 亮点 marked for
 * 推广 county-wide. Reviewers start a new review from here.
 */
Component({
  data: {
    view: LOADING as ViewState,
    box: 'received' as Box,
    reviewer: false,
    rows: [] as Row[],
  },
  methods: {
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const reviewer = can(me.data.roles, 'grid.reviews.create');
      const box = this.data.box;
      let rows: Row[];
      if (box === 'highlights') {
        const r = await listHighlights();
        if (!r.ok) return this.setData({ view: errorView(r), reviewer });
        rows = r.data.highlights.map((h) => ({ id: `${h.reviewId}-${h.findingId}`, reviewId: h.reviewId, title: h.text, desc: `${h.orgName} · ${h.reviewerName} · ${h.date}`, overdue: 0 }));
      } else {
        if (!reviewer) return this.setData({ reviewer, view: emptyView('只有书记和管理员可以查看点评台账') });
        const r = await listReviews({ box });
        if (!r.ok) return this.setData({ view: errorView(r), reviewer });
        rows = r.data.reviews.map((v) => ({
          id: v.id,
          reviewId: v.id,
          title: `${v.orgName} · ${v.kindLabel}`,
          desc: `${v.date} · ${v.reviewerName} · ${v.findings.length} 条，整改未完成 ${v.openMeasures} 项`,
          overdue: v.overdueMeasures,
        }));
      }
      this.setData({ reviewer, rows, view: rows.length ? READY : emptyView(EMPTY[box]) });
    },
    onBox(e: { currentTarget: { dataset: { box: Box } } }) {
      this.setData({ box: e.currentTarget.dataset.box });
      void this.load();
    },
    onReview(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: `/grid/pages/review/index?id=${e.currentTarget.dataset.id}` });
    },
    onNew() {
      wx.navigateTo({ url: '/grid/pages/review-form/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
