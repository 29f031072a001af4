import type { IssueView } from '../../../../core/contracts/grid';
import { listIssues } from '../../../services/grid';
import { loadMe } from '../../../services/session';
import { can } from '../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Box = 'mine' | 'assigned' | 'queue';
type Row = { id: string; title: string; desc: string; state: string; overdue: boolean };

const EMPTY: Record<Box, string> = { mine: '您还没有上报过事项', assigned: '没有交办给您的事项', queue: '管辖网格内暂无事项' };

/** A short China-time date and time for a list row. */
function when(isoText: string | null): string {
  if (!isoText) return '';
  const d = new Date(new Date(isoText).getTime() + 8 * 3_600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function rowOf(i: IssueView): Row {
  const deadline = i.deadlineAt ? ` · 时限 ${when(i.deadlineAt)}` : '';
  return { id: i.id, title: `${i.categoryName}：${i.text}`, desc: `${i.stateLabel}${deadline}`, state: i.state, overdue: i.overdue };
}

/**
 * 网格事项: my reports, what is assigned to me, and (staff) my grids' queue, optionally only the
 * overdue ones. Tapping one opens its timeline and the steps the caller may take.
 */
Component({
  data: {
    view: LOADING as ViewState,
    box: 'mine' as Box,
    staff: false,
    overdueOnly: false,
    rows: [] as Row[],
    more: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const box = query.box === 'queue' || query.box === 'assigned' ? query.box : 'mine';
      this.setData({ box, overdueOnly: query.overdue === '1' });
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const staff = can(me.data.roles, 'grid.issues.accept');
      const box: Box = this.data.box === 'queue' && !staff ? 'mine' : this.data.box;
      const r = await listIssues({ box, limit: 50, ...(box === 'queue' && this.data.overdueOnly ? { overdue: true } : {}) });
      if (!r.ok) return this.setData({ view: errorView(r), staff, box });
      const rows = r.data.issues.map(rowOf);
      this.setData({ staff, box, rows, more: r.data.more, view: rows.length ? READY : emptyView(this.data.overdueOnly && box === 'queue' ? '没有超期的事项' : EMPTY[box]) });
    },
    onBox(e: { currentTarget: { dataset: { box: Box } } }) {
      this.setData({ box: e.currentTarget.dataset.box });
      void this.load();
    },
    onOverdue() {
      this.setData({ overdueOnly: !this.data.overdueOnly });
      void this.load();
    },
    onIssue(e: { currentTarget: { dataset: { id: string } } }) {
      wx.navigateTo({ url: `/grid/pages/issue/index?id=${e.currentTarget.dataset.id}` });
    },
    onReport() {
      wx.navigateTo({ url: '/grid/pages/report/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
