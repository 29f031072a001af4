import type { OrgEntryView, OrgScoreResult, RoundView } from '../../../../core/contracts/assess';
import { lastQuarter, listRounds, orgScore, vote, type Scores } from '../../../services/assess';
import { loadMe } from '../../../services/session';
import { grantsFor } from '../../../utils/permissions';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Part = { key: string; name: string; points: number; entries: (OrgEntryView & { source: string })[] };
type Ballot = RoundView & { voted: boolean | null; scores: Scores; open: boolean };

const PARTS: [keyof OrgScoreResult['parts'], string][] = [
  ['base', '基础分'],
  ['pioneer', '先锋分'],
  ['bonus', '加减分'],
  ['review', '评议分'],
];
const DIMS: (keyof Scores)[] = ['leadership', 'membership', 'venues', 'systems', 'results'];

/** Where a point came from, in words: the measured figure, the evidence, the document or the round. */
function sourceText(e: OrgEntryView): string {
  if (e.reversalOf) return `冲正：${e.note}`;
  if (e.metric) return e.metric.detail;
  if (e.documentRef) return `文号 ${e.documentRef}`;
  if (e.evidence.length) return `佐证材料 ${e.evidence.length} 份`;
  return e.note;
}

/**
 * 党组织积分 (secretary): the branch's quarter score in its four parts, each point with the rule
 * version and where it came from; and the branch's open 民主评议 rounds, where the secretary votes
 * like any member (the ballot is anonymous; it can be changed until the round closes).
 */
Component({
  data: {
    view: LOADING as ViewState,
    quarter: '',
    orgId: '',
    score: null as OrgScoreResult | null,
    parts: [] as Part[],
    rounds: [] as Ballot[],
    busy: false,
  },
  methods: {
    onLoad(query: { orgId?: string; quarter?: string } = {}) {
      void this.load(query);
    },
    async load(query: { orgId?: string; quarter?: string } = {}) {
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grant = grantsFor(me.data.roles, 'assess.org.score')[0];
      const orgId = query.orgId ?? grant?.orgId ?? me.data.branch.id;
      const quarter = query.quarter ?? lastQuarter();
      const [s, r] = await Promise.all([orgScore(orgId, quarter), listRounds()]);
      if (!s.ok) return this.setData({ view: errorView(s) });
      const parts = PARTS.map(([key, name]) => ({ key, name, points: s.data.parts[key], entries: s.data.entries.filter((e) => e.category === key).map((e) => ({ ...e, source: sourceText(e) })) }));
      const rounds = r.ok ? r.data.rounds.map((x) => ({ ...x, scores: { leadership: 0, membership: 0, venues: 0, systems: 0, results: 0 }, open: x.status === 'open' })) : [];
      this.setData({ view: READY, quarter, orgId, score: s.data, parts, rounds });
    },
    onScore(e: { currentTarget: { dataset: { round: string; dim: keyof Scores; score: number } } }) {
      const { round, dim, score } = e.currentTarget.dataset;
      this.setData({ rounds: this.data.rounds.map((r) => (r.id === round ? { ...r, scores: { ...r.scores, [dim]: Number(score) } } : r)) });
    },
    async onVote(e: { currentTarget: { dataset: { round: string } } }) {
      const r = this.data.rounds.find((x) => x.id === e.currentTarget.dataset.round);
      if (!r || this.data.busy) return;
      if (DIMS.some((d) => !r.scores[d])) return wx.showToast({ title: '请为五个方面都打分', icon: 'none' });
      this.setData({ busy: true });
      const res = await vote(r.id, r.scores);
      this.setData({ busy: false });
      if (!res.ok) return wx.showToast({ title: res.message, icon: 'none' });
      wx.showToast({ title: '已投票，结束前可修改', icon: 'none' });
      this.setData({ rounds: this.data.rounds.map((x) => (x.id === r.id ? { ...x, voted: true } : x)) });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
