import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import { homeCards, type HomeCard } from './cards';

/** 首页: a greeting and the caller's entries, staff work first (from auth.me roles). */
Component({
  data: {
    view: LOADING as ViewState,
    name: '',
    branchName: '',
    staffCards: [] as HomeCard[],
    memberCards: [] as HomeCard[],
  },
  methods: {
    // Loading in onShow (not onLoad) so a dev-identity switch shows on return; the session
    // cache keeps this free when nothing changed.
    onShow() {
      selectTab(this, 'home');
      void this.load(false);
    },
    onPullDownRefresh() {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },
    async load(force: boolean) {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await loadMe(force);
      if (!r.ok) {
        this.setData({ view: errorView(r) });
        return;
      }
      const cards = homeCards(r.data.roles);
      this.setData({ view: READY, name: r.data.name, branchName: r.data.branch.name, staffCards: cards.staff, memberCards: cards.member });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load(true);
    },
  },
});
