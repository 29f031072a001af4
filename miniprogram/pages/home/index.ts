import { elderly } from '../../behaviors/elderly';
import { workbench } from '../../services/auth';
import { dismissElderHint, elderHintSeen, setElderMode } from '../../services/prefs';
import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import { codeFromScan } from '../bind/form';
import { ELDER_CARDS, homeCards, workCards, type HomeCard, type WorkCard } from './cards';

/**
 * 首页. Unbound: a welcome (what 红管家 is, bind by scanning the invite or typing the code, the
 * privacy guide before anything is shared). Bound: a greeting, the staff 工作台 with badge counts
 * of what waits (auth.workbench), and everyone's shortcuts; 长辈模式 shows only the three big
 * buttons an older member needs. Staff cards come from the permissions table (cards.ts).
 */
Component({
  behaviors: [elderly],
  data: {
    view: LOADING as ViewState,
    unbound: false,
    name: '',
    branchName: '',
    staffCards: [] as WorkCard[],
    memberCards: [] as HomeCard[],
    elderCards: ELDER_CARDS,
    elderHint: false,
    scanError: '',
  },
  methods: {
    // Loading in onShow (not onLoad) so a dev-identity switch shows on return; the session
    // cache keeps this free when nothing changed.
    onShow() {
      selectTab(this, 'home');
      this.applyUi();
      void this.load(false);
    },
    onPullDownRefresh() {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },
    async load(force: boolean) {
      if (this.data.view.status !== 'ready' && !this.data.unbound) this.setData({ view: LOADING });
      const r = await loadMe(force);
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return this.setData({ unbound: true, view: READY });
        return this.setData({ unbound: false, view: errorView(r) });
      }
      const cards = homeCards(r.data.roles);
      this.setData({
        view: READY,
        unbound: false,
        name: r.data.name,
        branchName: r.data.branch.name,
        staffCards: workCards(r.data.roles, null),
        memberCards: cards.member,
        elderHint: !this.data.ui.elder && !elderHintSeen(),
      });
      // the badges: one cheap call, only for staff (a member's answer would be all null)
      if (cards.staff.length) {
        const counts = await workbench();
        if (counts.ok) this.setData({ staffCards: workCards(r.data.roles, counts.data) });
      }
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load(true);
    },
    /** Welcome: scan the secretary's invite QR here and open binding with the code filled in. */
    onWelcomeScan() {
      wx.scanCode({
        onlyFromCamera: false,
        scanType: ['qrCode'],
        success: (r) => {
          const code = codeFromScan(r.result);
          if (!code) return this.setData({ scanError: '这不是红管家的邀请二维码，请扫描支部书记出示的二维码' });
          this.setData({ scanError: '' });
          wx.navigateTo({ url: `${BIND_URL}?code=${code}` });
        },
      });
    },
    onWelcomeCode() {
      wx.navigateTo({ url: BIND_URL });
    },
    onElderOn() {
      setElderMode(true);
      this.applyUi();
      this.setData({ elderHint: false });
    },
    onElderGo(e: { currentTarget: { dataset: { url: string; jump: HomeCard['jumpType'] } } }) {
      const { url, jump } = e.currentTarget.dataset;
      if (jump === 'switchTab') wx.switchTab({ url });
      else wx.navigateTo({ url });
    },
    onElderLater() {
      dismissElderHint();
      this.setData({ elderHint: false });
    },
  },
});
