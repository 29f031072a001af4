import type { LedgerListInput } from '../../../core/contracts/points';
import { getBalance, listLedger, listRules } from '../../services/points';
import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import { catalogGroups, chinaDay, historyRow, type CatalogGroup, type HistoryRow } from './views';
import { reloadable } from '../../behaviors/reloadable';
import { can } from '../../utils/permissions';

type Account = 'all' | 'eval' | 'redeem';
type Range = 'all' | 'month' | 'year';
type StaffLink = { key: string; title: string; url: string };

const ACCOUNTS: { key: Account; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'eval', label: '评价积分' },
  { key: 'redeem', label: '兑换积分' },
];
const RANGES: { key: Range; label: string }[] = [
  { key: 'all', label: '全部时间' },
  { key: 'month', label: '本月' },
  { key: 'year', label: '今年' },
];
const PAGE = 20;

/** China-date bounds of a range chip, as ledger.list takes them. */
function rangeFilter(range: Range, now = Date.now()): Pick<LedgerListInput, 'from' | 'to'> {
  const today = chinaDay(now);
  if (range === 'month') return { from: `${today.slice(0, 7)}-01` };
  if (range === 'year') return { from: `${today.slice(0, 4)}-01-01` };
  return {};
}

/**
 * 积分 tab: both balances (评价积分 never spent, 兑换积分 for the store) with the coming year-end
 * expiry, the history with account and period filters (20 at a time), and "怎样赚积分" — the rules
 * that apply to the member. Staff see shortcuts to their points work.
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    balance: { eval: 0, redeem: 0 },
    expiryText: '',
    tab: 'history' as 'history' | 'earn',
    accounts: ACCOUNTS,
    ranges: RANGES,
    account: 'all' as Account,
    range: 'all' as Range,
    rows: [] as HistoryRow[],
    nextOffset: null as number | null,
    listLoading: false,
    listError: '',
    groups: [] as CatalogGroup[],
    staffLinks: [] as StaffLink[],
  },
  methods: {
    onShow() {
      selectTab(this, 'points');
      void this.load();
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const [me, bal, rules] = await Promise.all([loadMe(), getBalance(), listRules('catalog')]);
      if (!me.ok) return this.setData({ view: errorView(me) });
      if (!bal.ok) return this.setData({ view: errorView(bal) });
      if (!rules.ok) return this.setData({ view: errorView(rules) });
      const grants = me.data.roles;
      const links: StaffLink[] = [];
      if (can(grants, 'points.claims.approve')) links.push({ key: 'review', title: '审核积分申报', url: '/staff/pages/review/index' });
      if (can(grants, 'points.awards.grant')) links.push({ key: 'award', title: '奖励 / 扣减积分', url: '/staff/pages/points/award/index' });
      if (can(grants, 'points.claims.submit', 'onBehalf')) links.push({ key: 'report', title: '为网格党员代为申报', url: '/staff/pages/points/report/index' });
      if (can(grants, 'points.rules.save')) links.push({ key: 'rules', title: '积分规则管理', url: '/staff/pages/points/rules/index' });
      const b = bal.data;
      this.setData({
        view: READY,
        balance: { eval: b.eval, redeem: b.redeem },
        expiryText: b.expiry.points > 0 ? `${b.expiry.points} 兑换积分将于 ${b.expiry.date} 清零，请及时兑换` : '',
        groups: catalogGroups(rules.data.rules),
        staffLinks: links,
      });
      await this.loadHistory(true);
    },
    async loadHistory(reset: boolean) {
      if (this.data.listLoading) return;
      const offset = reset ? 0 : (this.data.nextOffset ?? 0);
      this.setData({ listLoading: true, listError: '' });
      const r = await listLedger({ account: this.data.account, ...rangeFilter(this.data.range), offset, limit: PAGE });
      if (!r.ok) return this.setData({ listLoading: false, listError: r.message });
      const rows = r.data.items.map(historyRow);
      this.setData({ listLoading: false, rows: reset ? rows : [...this.data.rows, ...rows], nextOffset: r.data.nextOffset });
    },
    onTab(e: { currentTarget: { dataset: { tab: 'history' | 'earn' } } }) {
      this.setData({ tab: e.currentTarget.dataset.tab });
    },
    onAccount(e: { currentTarget: { dataset: { key: Account } } }) {
      this.setData({ account: e.currentTarget.dataset.key });
      void this.loadHistory(true);
    },
    onRange(e: { currentTarget: { dataset: { key: Range } } }) {
      this.setData({ range: e.currentTarget.dataset.key });
      void this.loadHistory(true);
    },
    onMore() {
      if (this.data.nextOffset !== null) void this.loadHistory(false);
    },
    onRetryList() {
      void this.loadHistory(true);
    },
    onClaim() {
      wx.navigateTo({ url: '/pages/points/claim/index' });
    },
    onMyClaims() {
      wx.navigateTo({ url: '/pages/points/claims/index' });
    },
    onStaffLink(e: { currentTarget: { dataset: { url: string } } }) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
