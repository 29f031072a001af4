import type { FindingView, ReviewView } from '../../../../core/contracts/grid';
import { getReview, reviewStep } from '../../../services/grid';
import { loadMe } from '../../../services/session';
import { askToSubscribe } from '../../../services/subscribe';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

const STATUS: Record<string, string> = { open: '整改中', done: '已报送完成，待复查', passed: '复查通过' };

type Item = FindingView & { status: string; responseText: string };

/**
 * 点评详情: the findings; the reviewed org responds to each and reports a measure done with
 * evidence; the reviewer re-checks (pass, or reopen with a new deadline) and marks 亮点 for 推广.
 * The page offers the reviewer's steps to the reviewer and the org's to everyone else; the server
 * decides (FORBIDDEN otherwise).
 */
Component({
  data: {
    view: LOADING as ViewState,
    id: '',
    review: null as ReviewView | null,
    items: [] as Item[],
    reviewerSide: false,
    text: '',
    deadline: '',
    busy: false,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const [me, r] = await Promise.all([loadMe(), getReview(this.data.id)]);
      if (!me.ok) return this.setData({ view: errorView(me) });
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ reviewerSide: r.data.review.reviewerId === me.data.memberId });
      this.show(r.data.review);
    },
    show(review: ReviewView) {
      const items = review.findings.map((f) => ({
        ...f,
        status: f.measure ? `${STATUS[f.measure.status]} · 期限 ${f.measure.deadline}` : '',
        responseText: f.responses.map((x) => `${x.by}：${x.text}`).join('；'),
      }));
      this.setData({ review, items, view: READY, text: '', error: '' });
    },
    onText(e: { detail: { value: string } }) {
      this.setData({ text: e.detail.value });
    },
    onDeadline(e: { detail: { value: string } }) {
      this.setData({ deadline: e.detail.value });
    },
    async step(action: 'respond' | 'recheck' | 'promote', fields: Record<string, unknown>, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true, error: '' });
      void askToSubscribe('reviewReceived', 'measureOverdue');
      const r = await reviewStep(action, { reviewId: this.data.id, ...fields });
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: done, icon: 'success' });
      this.show(r.data.review);
    },
    onRespond(e: { currentTarget: { dataset: { id: string } } }) {
      const text = this.data.text.trim();
      if (!text) return this.setData({ error: '请先填写回应内容' });
      void this.step('respond', { findingId: e.currentTarget.dataset.id, kind: 'respond', text }, '已回应');
    },
    onDone(e: { currentTarget: { dataset: { id: string } } }) {
      const text = this.data.text.trim();
      if (!text) return this.setData({ error: '请先填写整改完成情况' });
      void this.step('respond', { findingId: e.currentTarget.dataset.id, kind: 'done', evidence: text, photos: [] }, '已报送');
    },
    onPass(e: { currentTarget: { dataset: { id: string } } }) {
      void this.step('recheck', { findingId: e.currentTarget.dataset.id, result: 'pass', note: this.data.text.trim() }, '复查通过');
    },
    onReopen(e: { currentTarget: { dataset: { id: string } } }) {
      const note = this.data.text.trim();
      if (!note || !/^\d{4}-\d{2}-\d{2}$/.test(this.data.deadline)) return this.setData({ error: '重新整改请填写原因和新的期限（如 2026-12-31）' });
      void this.step('recheck', { findingId: e.currentTarget.dataset.id, result: 'reopen', note, deadline: this.data.deadline }, '已要求重新整改');
    },
    onPromote(e: { currentTarget: { dataset: { id: string; on: boolean } } }) {
      void this.step('promote', { findingId: e.currentTarget.dataset.id, promote: !e.currentTarget.dataset.on }, '已更新推广');
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
