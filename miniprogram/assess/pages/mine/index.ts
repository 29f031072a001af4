import type { ResultView } from '../../../../core/contracts/assess';
import { myResults, submitAppeal } from '../../../services/assess';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

/**
 * 我的季度考核: the member's published result for last quarter (score, grade, each item with its
 * value against the target), earlier versions when an appeal changed it, and an appeal with a
 * reason while the window is open.
 */
Component({
  data: {
    view: LOADING as ViewState,
    quarter: '',
    current: null as ResultView | null,
    history: [] as ResultView[],
    appealing: false,
    reason: '',
    busy: false,
    appealed: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      const r = await myResults();
      if (!r.ok) return this.setData({ view: errorView(r) });
      const current = r.data.results.find((x) => x.current) ?? null;
      if (!current) return this.setData({ view: emptyView(`${r.data.quarter} 的考核结果尚未发布`), quarter: r.data.quarter });
      this.setData({ view: READY, quarter: r.data.quarter, current, history: r.data.results.filter((x) => !x.current), appealed: !!current.appealId });
    },
    onAppeal() {
      this.setData({ appealing: true });
    },
    onReason(e: { detail: { value: string } }) {
      this.setData({ reason: e.detail.value });
    },
    async onSubmitAppeal() {
      const c = this.data.current;
      if (!c || this.data.busy) return;
      if (!this.data.reason.trim()) return wx.showToast({ title: '请填写申诉理由', icon: 'none' });
      this.setData({ busy: true });
      const r = await submitAppeal(c.id, this.data.reason.trim());
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      wx.showToast({ title: '申诉已提交，等待答复', icon: 'none' });
      this.setData({ appealing: false, appealed: true, reason: '' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
