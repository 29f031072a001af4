import type { CreatableOrgType, OrgNode } from '../../../../../core/contracts/org';
import { actingGrant } from '../../../../services/acting';
import { archiveOrg, createOrg, moveOrg, orgTree, renameOrg } from '../../../../services/org';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { childTypes, mayEditSelf, parentOptions, type ParentOption, type TypeOption } from './edit-view';

type Field = 'childName' | 'newName' | 'moveReason' | 'archiveReason';

/**
 * 调整组织 (`?orgId=`): for admins, on one org of their tree: create a child org (the kinds that
 * may hang there; a town only for the 组织部), rename it, move it under another org of the tree,
 * or archive it (撤销, once empty). Each section shows only what the acting grant allows (the
 * permissions table via `can`); the backend checks scope again on every call and its refusal is
 * shown in the section. One org.tree call per load (the acting grant's whole tree: the node and
 * the orgs it may move under).
 */
Component({
  data: {
    view: LOADING as ViewState,
    orgId: '',
    node: null as OrgNode | null,
    types: [] as TypeOption[],
    childType: '' as CreatableOrgType | '',
    childName: '',
    canRename: false,
    newName: '',
    canMove: false,
    parents: [] as ParentOption[],
    toParentId: '',
    moveReason: '',
    canArchive: false,
    archiveReason: '',
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
      if (!grant) return this.setData({ view: emptyView('只有组织管理员可以调整组织') });
      const r = await orgTree(grant.orgId);
      if (!r.ok) return this.setData({ view: errorView(r) });
      const node = r.data.nodes.find((n) => n.id === (this.data.orgId || grant.orgId)) ?? null;
      if (!node) return this.setData({ view: emptyView('该组织不在您的管理范围内') });
      const types = childTypes(grant, node);
      const canRename = mayEditSelf(grant, node, 'org.rename');
      const canMove = mayEditSelf(grant, node, 'org.move');
      const canArchive = mayEditSelf(grant, node, 'org.archive');
      if (!types.length && !canRename && !canMove && !canArchive) return this.setData({ view: emptyView('只有组织管理员可以调整组织') });
      wx.setNavigationBarTitle({ title: `调整组织 · ${node.name}` });
      this.setData({
        view: READY,
        node,
        types,
        childType: types.length === 1 ? types[0].value : '',
        canRename,
        newName: node.name,
        canMove,
        parents: canMove ? parentOptions(r.data.nodes, node) : [],
        canArchive,
      });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: Field }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, error: '' });
    },
    onType(e: { currentTarget: { dataset: { type: CreatableOrgType } } }) {
      this.setData({ childType: e.currentTarget.dataset.type, error: '' });
    },
    onParent(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ toParentId: e.currentTarget.dataset.id, error: '' });
    },
    async onCreate() {
      const { node, childType, childName, busy } = this.data;
      if (!node || !childType || !childName.trim() || busy) return;
      await this.run(
        () => createOrg(node.id, childName.trim(), childType),
        (d) => (d.created ? '已新建' : '该组织已存在'),
        true,
      );
    },
    async onRename() {
      const { node, newName, busy } = this.data;
      if (!node || !newName.trim() || busy) return;
      await this.run(
        () => renameOrg(node.id, newName.trim()),
        (d) => (d.changed ? '已改名' : '名称未变'),
        false,
      );
    },
    async onMove() {
      const { node, toParentId, moveReason, busy } = this.data;
      if (!node || !toParentId || !moveReason.trim() || busy) return;
      // a large subtree may take more than one call: the same call again finishes it
      await this.run(
        async () => {
          let r = await moveOrg(node.id, toParentId, moveReason.trim());
          for (let i = 0; i < 5 && r.ok && !r.data.done; i++) r = await moveOrg(node.id, toParentId, moveReason.trim());
          return r;
        },
        (d) => (d.done ? '已调整隶属关系' : '调整尚未完成，请稍后再提交一次'),
        true,
      );
    },
    async onArchive() {
      const { node, archiveReason, busy } = this.data;
      if (!node || !archiveReason.trim() || busy) return;
      const sure = await new Promise<boolean>((resolve) =>
        wx.showModal({ title: '撤销组织', content: `确定撤销“${node.name}”？撤销后不再显示，也不能再在其下新建组织。`, success: (m) => resolve(m.confirm), fail: () => resolve(false) }),
      );
      if (!sure) return;
      await this.run(
        () => archiveOrg(node.id, archiveReason.trim()),
        () => '已撤销',
        true,
      );
    },
    /** One write: busy while it runs, the server's refusal shown, a toast and back (or a reload) when done. */
    async run<T>(write: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, toast: (d: T) => string, back: boolean) {
      this.setData({ busy: true, error: '' });
      const r = await write();
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ error: r.message });
      wx.showToast({ title: toast(r.data), icon: 'none' });
      if (back) wx.navigateBack({ delta: 1 });
      else void this.load();
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
