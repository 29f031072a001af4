import type { CampaignListItem, CampaignProgressView } from '../../../../core/contracts/assess';
import { campaignNote, campaignProgress, listCampaigns } from '../../../services/assess';
import { loadMe } from '../../../services/session';
import { can } from '../../../utils/permissions';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

const COLOURS: Record<string, string> = { green: '进度正常', yellow: '稍慢', red: '滞后' };
type Row = CampaignProgressView['rows'][number] & { colourText: string; percent: number };

/**
 * 挂图作战: a campaign's progress per org, coloured against the time elapsed and ranked (ties
 * share a rank); a secretary sees their branch's indicators, admins every org, the flagged bottom
 * orgs and can record a 约谈.
 */
Component({
  data: {
    view: LOADING as ViewState,
    campaigns: [] as CampaignListItem[],
    current: '',
    progress: null as CampaignProgressView | null,
    rows: [] as Row[],
    elapsed: 0,
    admin: false,
    busy: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const list = await listCampaigns();
      if (!list.ok) return this.setData({ view: errorView(list) });
      if (!list.data.campaigns.length) return this.setData({ view: emptyView('暂无挂图作战任务') });
      this.setData({ campaigns: list.data.campaigns, admin: can(me.data.roles, 'assess.campaigns.note') });
      await this.open(list.data.campaigns[0].id);
    },
    async open(id: string) {
      const p = await campaignProgress(id);
      if (!p.ok) return this.setData({ view: errorView(p) });
      this.setData({
        view: READY,
        current: id,
        progress: p.data,
        elapsed: Math.round(p.data.elapsed * 100),
        rows: p.data.rows.map((r) => ({ ...r, colourText: COLOURS[r.colour], percent: Math.round(r.progress * 100) })),
      });
    },
    onPick(e: { currentTarget: { dataset: { id: string } } }) {
      void this.open(e.currentTarget.dataset.id);
    },
    async onTalk(e: { currentTarget: { dataset: { org: string } } }) {
      if (this.data.busy) return;
      this.setData({ busy: true });
      const r = await campaignNote({ campaignId: this.data.current, orgId: e.currentTarget.dataset.org, kind: 'talk', note: '进度滞后，约谈支部书记，限期整改' });
      this.setData({ busy: false });
      if (!r.ok) return wx.showToast({ title: r.message, icon: 'none' });
      wx.showToast({ title: '已登记约谈', icon: 'none' });
      await this.open(this.data.current);
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
