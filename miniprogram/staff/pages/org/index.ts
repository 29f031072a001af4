import { actingGrant } from '../../../services/acting';
import { orgTree } from '../../../services/org';
import { loadMe } from '../../../services/session';
import { ROLE_LABELS } from '../../../utils/labels';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { actingLabel, nodeView, offers, splitTree, type NodeView } from './tree-view';

/**
 * 组织管理: one node of the org tree (the acting grant's org, or `?orgId=` when drilling down)
 * with its counts, settings and responsible persons, the management entries the acting role
 * allows, and its child orgs (tap to go down a level). One org.tree call per show.
 */
Component({
  data: {
    view: LOADING as ViewState,
    node: null as NodeView | null,
    children: [] as NodeView[],
    acting: '',
    isAdmin: false,
    canInvite: false,
    canEdit: false,
    canResponsibles: false,
    orgId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orgId: query.orgId ?? '' });
    },
    onShow() {
      void this.load(false);
    },
    onPullDownRefresh() {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },
    async load(force: boolean) {
      if (!this.data.node) this.setData({ view: LOADING });
      const me = await loadMe(force);
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grant = actingGrant(me.data);
      if (!grant) return this.setData({ view: emptyView('组织管理仅对支部书记、网格长、管理员等开放') });
      const r = await orgTree(this.data.orgId || grant.orgId);
      if (!r.ok) return this.setData({ view: errorView(r) });
      const { node, children } = splitTree(r.data.nodes);
      if (!node) return this.setData({ view: emptyView('没有找到该组织') });
      wx.setNavigationBarTitle({ title: node.name });
      this.setData({
        view: READY,
        node: nodeView(node),
        children: children.map(nodeView),
        acting: actingLabel(me.data, grant, ROLE_LABELS[grant.role]),
        ...offers(grant, node),
      });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load(true);
    },
  },
});
