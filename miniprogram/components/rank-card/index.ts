import type { LevelStanding, MyRankResult } from '../../../core/contracts/reports';
import { getMyRank } from '../../services/reports';

const LEVEL_LABEL: Record<string, string> = { branch: '支部', town: '镇街', county: '全县' };

export type StandingLine = { level: string; label: string; text: string };

/** "第3名（并列）/ 共28人" for one level, or why there is no rank. */
export function standingLine(s: LevelStanding): StandingLine {
  const label = LEVEL_LABEL[s.level] ?? s.level;
  if (s.rank === null) return { level: s.level, label, text: '暂无排名' };
  return { level: s.level, label, text: `第${s.rank}名${s.tiedWith ? '（并列）' : ''} / 共${s.of}人` };
}

/**
 * 首页 my-rank card: this month's evaluation points and the member's rank in their branch, town
 * and county (one reports.myRank call), points to the next rank; tap for the 排行 page.
 * Self-contained: it loads itself when attached, so the home page only places the tag.
 */
Component({
  data: {
    state: 'loading' as 'loading' | 'ready' | 'empty' | 'error',
    message: '',
    label: '',
    total: 0,
    lines: [] as StandingLine[],
    hint: '',
  },
  lifetimes: {
    attached() {
      void (this as unknown as { load(): Promise<void> }).load();
    },
  },
  methods: {
    async load() {
      const r = await getMyRank('month');
      if (!r.ok) return this.setData({ state: 'error', message: r.message });
      this.setData(cardData(r.data));
    },
    onOpen() {
      wx.navigateTo({ url: '/reports/pages/rank/index' });
    },
  },
});

function cardData(d: MyRankResult): Record<string, unknown> {
  if (d.excluded) return { state: 'empty', label: d.label, total: d.total, lines: [], message: `您属于“${d.excluded.label}”，不参与排名`, hint: '' };
  const lines = d.levels.map(standingLine);
  if (!lines.some((l) => l.text !== '暂无排名')) return { state: 'empty', label: d.label, total: d.total, lines: [], message: '本期排名尚未生成，请稍后再看', hint: '' };
  const branch = d.levels.find((l) => l.level === 'branch');
  const hint = branch?.toNext ? `再得 ${branch.toNext} 分，支部名次可前进` : branch?.rank === 1 ? '支部第一，继续保持' : '';
  return { state: 'ready', label: d.label, total: d.total, lines, message: '', hint };
}
