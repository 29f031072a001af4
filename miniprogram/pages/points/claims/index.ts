import { listClaims, withdrawClaim } from '../../../services/points';
import { loadMe } from '../../../services/session';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { claimCard, type ClaimCard } from '../views';
import { reloadable } from '../../../behaviors/reloadable';
import { can } from '../../../utils/permissions';

type Box = 'mine' | 'reported';
const PAGE = 20;

/**
 * 我的申报: the member's claims, newest first, with status (待审核 / 已通过 / 未通过 / 已撤回),
 * the reason of a rejection, who decided and when; a pending claim can be withdrawn. A grid
 * leader also sees 我代报的 (claims they reported for members of the grid).
 */
Component({
  behaviors: [reloadable],
  data: {
    view: LOADING as ViewState,
    box: 'mine' as Box,
    isLeader: false,
    cards: [] as ClaimCard[],
    nextOffset: null as number | null,
    loadingMore: false,
    confirm: { visible: false, claimId: '' },
    myId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.box === 'reported') this.setData({ box: 'reported' });
    },
    async load() {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const r = await listClaims({ box: this.data.box, limit: PAGE });
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.setData({
        view: READY,
        myId: me.data.memberId,
        isLeader: can(me.data.roles, 'points.claims.submit', 'onBehalf'),
        cards: r.data.items.map((c) => claimCard(c, me.data.memberId)),
        nextOffset: r.data.nextOffset,
      });
    },
    async onMore() {
      if (this.data.nextOffset === null || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const r = await listClaims({ box: this.data.box, offset: this.data.nextOffset, limit: PAGE });
      if (!r.ok) {
        this.setData({ loadingMore: false });
        return wx.showToast({ title: r.message, icon: 'none' });
      }
      this.setData({ loadingMore: false, cards: [...this.data.cards, ...r.data.items.map((c) => claimCard(c, this.data.myId))], nextOffset: r.data.nextOffset });
    },
    onBox(e: { currentTarget: { dataset: { box: Box } } }) {
      if (e.currentTarget.dataset.box === this.data.box) return;
      this.setData({ box: e.currentTarget.dataset.box, view: LOADING });
      void this.load();
    },
    onPreview(e: { currentTarget: { dataset: { id: string; index: number } } }) {
      const card = this.data.cards.find((c) => c.id === e.currentTarget.dataset.id);
      if (card) wx.previewImage({ urls: card.photos, current: card.photos[Number(e.currentTarget.dataset.index)] });
    },
    onWithdraw(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ confirm: { visible: true, claimId: e.currentTarget.dataset.id } });
    },
    onCancelWithdraw() {
      this.setData({ 'confirm.visible': false });
    },
    async onConfirmWithdraw() {
      const id = this.data.confirm.claimId;
      this.setData({ confirm: { visible: false, claimId: '' } });
      const r = await withdrawClaim(id);
      wx.showToast({ title: r.ok ? '已撤回' : r.message, icon: r.ok ? 'success' : 'none' });
      void this.load();
    },
    onNew() {
      wx.navigateTo({ url: '/pages/points/claim/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
