import type { GrantableRole, OrgNode } from '../../../../../core/contracts/org';
import { actingGrant } from '../../../../services/acting';
import { changeRole, orgTree } from '../../../../services/org';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { orgOptions, ROLE_OPTIONS, type OrgOption } from './grant-view';
import { can } from '../../../../utils/permissions';

/**
 * 授予角色: pick a role, then an org of the acting admin's tree it fits, optionally a note;
 * org.roles.grant. Only admins get here (the member page shows the button to them only), and
 * the backend checks the rules again (strict ancestor for orgAdmin, member in scope).
 */
Component({
  data: {
    view: LOADING as ViewState,
    memberId: '',
    name: '',
    roles: ROLE_OPTIONS,
    role: '' as GrantableRole | '',
    orgs: [] as OrgOption[],
    orgId: '',
    reason: '',
    error: '',
    busy: false,
    nodes: [] as OrgNode[],
    mayAppointAdmins: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ memberId: query.memberId ?? '', name: decodeURIComponent(query.name ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const grant = actingGrant(me.data);
      if (!grant || !can([grant], 'org.roles.grant')) return this.setData({ view: emptyView('只有组织管理员可以授予角色') });
      const r = await orgTree(grant.orgId);
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({ view: READY, nodes: r.data.nodes, mayAppointAdmins: can([grant], 'org.roles.grant', 'appointAdmin') });
    },
    onRole(e: { currentTarget: { dataset: { role: GrantableRole } } }) {
      const role = e.currentTarget.dataset.role;
      const orgs = orgOptions(this.data.nodes, role, this.data.mayAppointAdmins);
      this.setData({ role, orgs, orgId: orgs.length === 1 ? orgs[0].id : '', error: '' });
    },
    onOrg(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ orgId: e.currentTarget.dataset.id, error: '' });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value });
    },
    async onSubmit() {
      const { role, orgId, memberId, reason, busy } = this.data;
      if (!role || !orgId || busy) return;
      this.setData({ busy: true, error: '' });
      const r = await changeRole('grant', memberId, role, orgId, reason.trim() || undefined);
      this.setData({ busy: false });
      if (!r.ok) return this.setData({ error: r.message });
      wx.showToast({ title: r.data.changed ? '已授予' : '该党员已有此角色', icon: 'none' });
      wx.navigateBack({ delta: 1 });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
