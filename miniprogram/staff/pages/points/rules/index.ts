import type { RuleView } from '../../../../../core/contracts/points';
import { listRules } from '../../../../services/points';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { capsText, CATEGORY_LABELS, pointsText, TRIGGER_LABELS } from '../../../../pages/points/views';

type RuleRow = { code: string; name: string; meta: string; statusText: string; statusTheme: string; editable: boolean; history: string };
type Group = { key: string; title: string; rows: RuleRow[] };

const STATUS: Record<RuleView['status'], { text: string; theme: string }> = {
  active: { text: '启用', theme: 'success' },
  disabled: { text: '停用', theme: 'default' },
  superseded: { text: '旧版本', theme: 'default' },
};

/** The current version of every code (active or disabled), grouped by category, with how many older versions it has. */
function ruleGroups(rules: RuleView[]): Group[] {
  const groups: Group[] = [];
  const latest = new Map<string, RuleView>();
  const versions = new Map<string, number>();
  for (const r of rules) {
    versions.set(r.code, (versions.get(r.code) ?? 0) + 1);
    const cur = latest.get(r.code);
    if (!cur || r.version > cur.version) latest.set(r.code, r);
  }
  for (const r of latest.values()) {
    let g = groups.find((x) => x.key === r.category);
    if (!g) groups.push((g = { key: r.category, title: CATEGORY_LABELS[r.category], rows: [] }));
    const s = STATUS[r.status];
    const older = (versions.get(r.code) ?? 1) - 1;
    g.rows.push({
      code: r.code,
      name: r.name,
      meta: [pointsText(r.evalPoints, r.redeemPoints), TRIGGER_LABELS[r.trigger], capsText(r.caps), r.scopeOrgId === 'county' ? '全县' : r.scopeOrgId].filter(Boolean).join(' · '),
      statusText: s.text,
      statusTheme: s.theme,
      editable: Boolean(r.editable),
      history: `第 ${r.version} 版${older ? `，另有 ${older} 个旧版本（已记入的积分保留原版本）` : ''}`,
    });
  }
  return groups;
}

/**
 * 积分规则管理 (org admin): the catalog as it stands — each rule's current version with points,
 * trigger, caps and scope. Tap an editable rule to change it (saving makes a new version), or add
 * one; rules of a higher level or system rules are read-only.
 */
Component({
  data: {
    view: LOADING as ViewState,
    groups: [] as Group[],
  },
  methods: {
    onShow() {
      void this.load();
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await listRules('manage');
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, groups: ruleGroups(r.data.rules) });
    },
    onRule(e: { currentTarget: { dataset: { code: string; editable: boolean } } }) {
      const { code, editable } = e.currentTarget.dataset;
      if (!editable) return wx.showToast({ title: '该规则由上级或系统维护，不能在此修改', icon: 'none' });
      wx.navigateTo({ url: `/staff/pages/points/rule/index?code=${code}` });
    },
    onAdd() {
      wx.navigateTo({ url: '/staff/pages/points/rule/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
