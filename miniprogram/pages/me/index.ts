import { elderly } from '../../behaviors/elderly';
import { config } from '../../config';
import { setElderMode } from '../../services/prefs';
import { actingOpenid } from '../../services/identity';
import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import { actingView, chooseActing, NO_ACTING, type ActingView } from './acting';
import { meLinks, type MeLink } from './links';
import { EMPTY_PROFILE, toProfileView, type ProfileView } from './profile';

/** 我的: profile from auth.me, role badges, 我的奉献日 and 我的考核 / 我的上报 / 排行 (as the permissions table allows), 长辈模式, privacy guide, and the dev switcher in local mode. */
Component({
  behaviors: [elderly],
  data: {
    view: LOADING as ViewState,
    profile: EMPTY_PROFILE as ProfileView,
    devMode: false,
    actingOpenid: '',
    acting: NO_ACTING as ActingView,
    links: [] as MeLink[],
  },
  methods: {
    onShow() {
      selectTab(this, 'me');
      this.applyUi();
      const devMode = config.mode === 'local';
      this.setData({ devMode, actingOpenid: devMode ? actingOpenid() : '' });
      void this.load(false);
    },
    onPullDownRefresh() {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },
    async load(force: boolean) {
      if (this.data.view.status !== 'ready') this.setData({ view: LOADING });
      const r = await loadMe(force);
      if (!r.ok) {
        this.setData({ view: errorView(r), profile: EMPTY_PROFILE });
        return;
      }
      this.setData({ view: READY, profile: toProfileView(r.data), acting: actingView(r.data), links: meLinks(r.data.roles) });
    },
    async onSwitchActing() {
      const r = await loadMe(false);
      if (r.ok && this.data.acting.canSwitch) this.setData({ acting: await chooseActing(r.data) });
    },
    /** 长辈模式: larger text and buttons everywhere, and a 首页 of three big buttons. */
    onElder(e: { detail: { value: boolean } }) {
      setElderMode(!!e.detail.value);
      this.applyUi();
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load(true);
    },
  },
});
