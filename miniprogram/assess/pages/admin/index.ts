import type { AppealView, CycleView } from '../../../../core/contracts/assess';
import { answerAppeal, computeCycle, exportCycle, getCycle, lastQuarter, listAppeals, stepCycle } from '../../../services/assess';
import { loadMe } from '../../../services/session';
import { grantsFor } from '../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

const STATUS: Record<string, string> = { computing: '计算中', draft: '草稿待审核', reviewed: '已审核待发布', published: '已发布（申诉期）', final: '已定稿' };
const MOVES: Record<string, string> = { up: '↑ 上升', down: '↓ 下降', same: '持平', new: '首次' };

/**
 * 季度考核管理 (town / county admins): the town's quarter, computed → reviewed → published →
 * final, each org's grade and its move since last quarter, the appeals waiting for an answer
 * (uphold with a corrected score: a new version, the old kept; or reject), and the export.
 */
Component({
  data: {
    view: LOADING as ViewState,
    townId: '',
    quarter: '',
    cycle: null as CycleView | null,
    statusText: '',
    grades: [] as (CycleView['orgGrades'][number] & { moveText: string })[],
    appeals: [] as (AppealView & { corrected: string })[],
    busy: false,
  },
  methods: {
    onLoad(query: { townId?: string; quarter?: string } = {}) {
      void this.load(query);
    },
    async load(query: { townId?: string; quarter?: string } = {}) {
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grant = grantsFor(me.data.roles, 'assess.cycles.compute')[0];
      if (!grant && !query.townId) return this.setData({ view: emptyView('您没有考核管理权限') });
      const townId = query.townId ?? grant!.orgId;
      const quarter = query.quarter ?? lastQuarter();
      this.setData({ townId, quarter });
      await this.refresh();
    },
    async refresh() {
      const [c, a] = await Promise.all([getCycle(this.data.townId, this.data.quarter), listAppeals(this.data.townId)]);
      if (!c.ok && c.code !== 'NOT_FOUND') return this.setData({ view: errorView(c) });
      const cycle = c.ok ? c.data : null;
      this.setData({
        view: READY,
        cycle,
        statusText: cycle ? STATUS[cycle.status] : '尚未计算',
        grades: cycle ? cycle.orgGrades.map((g) => ({ ...g, moveText: MOVES[g.movement] ?? '' })) : [],
        appeals: a.ok ? a.data.appeals.map((x) => ({ ...x, corrected: '' })) : [],
      });
    },
    async act(run: () => Promise<{ ok: boolean; message?: string }>, done: string) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await run();
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message ?? '操作失败', icon: 'none' });
      wx.showToast({ title: done, icon: 'none' });
      await this.refresh();
    },
    onCompute() {
      return this.act(() => computeCycle(this.data.townId, this.data.quarter, this.data.cycle?.status === 'draft'), '已开始计算');
    },
    onStep(e: { currentTarget: { dataset: { step: 'review' | 'publish' | 'finalize' } } }) {
      const c = this.data.cycle;
      if (!c) return;
      return this.act(() => stepCycle(e.currentTarget.dataset.step, c.id), '已更新');
    },
    async onExport() {
      const c = this.data.cycle;
      if (!c) return;
      const r = await exportCycle(c.id);
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      wx.setClipboardData({ data: r.data.url });
      wx.showToast({ title: '下载链接已复制（10分钟内有效）', icon: 'none' });
    },
    onCorrected(e: { currentTarget: { dataset: { id: string } }; detail: { value: string } }) {
      this.setData({ appeals: this.data.appeals.map((a) => (a.id === e.currentTarget.dataset.id ? { ...a, corrected: e.detail.value } : a)) });
    },
    onAnswer(e: { currentTarget: { dataset: { id: string; upheld: boolean } } }) {
      const a = this.data.appeals.find((x) => x.id === e.currentTarget.dataset.id);
      if (!a) return;
      if (e.currentTarget.dataset.upheld) {
        const score = Number(a.corrected);
        if (!a.corrected || !Number.isFinite(score)) return wx.showToast({ title: '请填写更正后的分数', icon: 'none' });
        return this.act(() => answerAppeal({ appealId: a.id, upheld: true, answer: '经核实，予以更正', correctedScore: score }), '已更正，生成新版本');
      }
      return this.act(() => answerAppeal({ appealId: a.id, upheld: false, answer: '经核实，维持原结果' }), '已答复');
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
