import type { MemberItem, OrgNode, Ref } from '../../../../../core/contracts/org';
import { actingGrant } from '../../../../services/acting';
import { listMembers, orgTree, setResponsibles } from '../../../../services/org';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { mayEditSelf } from '../edit/edit-view';

type Which = 'first' | 'direct';
type Candidate = { id: string; name: string; note: string };

const candidate = (m: MemberItem): Candidate => ({ id: m.id, name: m.name, note: m.group?.name ?? m.branch.name });

/**
 * 网格责任人 (`?orgId=`): an admin names a grid's 第一责任人 and 直接责任人 (org.responsibles.set;
 * stored on the org as firstResponsibleId / directResponsibleId). Candidates are the active
 * members under the grid's parent (for a party group: its branch), searchable by name; either
 * can be cleared. Calls: org.tree of the grid, org.members.list of its parent (and per search).
 */
Component({
  data: {
    view: LOADING as ViewState,
    orgId: '',
    node: null as OrgNode | null,
    first: null as Ref | null,
    direct: null as Ref | null,
    picking: '' as Which | '',
    q: '',
    candidates: [] as Candidate[],
    error: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grant = actingGrant(me.data);
      const r = grant ? await orgTree(this.data.orgId || grant.orgId) : null;
      if (r && !r.ok) return this.setData({ view: errorView(r) });
      const node = r?.data.nodes.find((n) => n.depth === 0) ?? null;
      if (!grant || !node || !mayEditSelf(grant, node, 'org.responsibles.set')) return this.setData({ view: emptyView('只有组织管理员可以设置网格责任人') });
      wx.setNavigationBarTitle({ title: `网格责任人 · ${node.name}` });
      this.setData({ view: READY, node, first: node.firstResponsible, direct: node.directResponsible });
      await this.search();
    },
    async search() {
      const node = this.data.node;
      if (!node) return;
      const q = this.data.q.trim();
      const r = await listMembers({ orgId: node.parentId ?? node.id, status: 'active', limit: 100, ...(q ? { q } : {}) });
      if (!r.ok) return this.setData({ error: r.message });
      this.setData({ candidates: r.data.items.map(candidate) });
    },
    onPick(e: { currentTarget: { dataset: { which: Which } } }) {
      const which = e.currentTarget.dataset.which;
      this.setData({ picking: this.data.picking === which ? '' : which, error: '' });
    },
    onClear(e: { currentTarget: { dataset: { which: Which } } }) {
      this.setData({ [e.currentTarget.dataset.which]: null, error: '' });
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },
    onSearch() {
      void this.search();
    },
    onChoose(e: { currentTarget: { dataset: { id: string; name: string } } }) {
      const which = this.data.picking;
      if (!which) return;
      const { id, name } = e.currentTarget.dataset;
      this.setData({ [which]: { id, name }, picking: '' });
    },
    async onSave() {
      const { node, first, direct, busy } = this.data;
      if (!node || busy) return;
      this.setData({ busy: true, error: '' });
      const r = await setResponsibles(node.id, first?.id ?? null, direct?.id ?? null);
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ error: r.message });
      wx.showToast({ title: r.data.changed ? '已保存' : '责任人未变', icon: 'none' });
      wx.navigateBack({ delta: 1 });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
