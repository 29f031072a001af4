import { elderly } from '../../behaviors/elderly';
import { workbench } from '../../services/auth';
import { gridConfig } from '../../services/grid';
import { dismissElderHint, elderHintSeen, setElderMode } from '../../services/prefs';
import { loadMe } from '../../services/session';
import { selectTab } from '../../utils/tab-bar';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../utils/view-state';
import { codeFromScan } from '../bind/form';
import { ELDER_CARDS, homeCards, needsGridConfig, workCards, type HomeCard, type WorkCard } from './cards';

/** grid.config.get's `membersMayReport` per member, so showing the tab again asks nothing (pull-down asks again). */
const mayReportCache = new Map<string, boolean>();

/**
 * 首页. Unbound: a welcome (what 红管家 is, bind by scanning the invite or typing the code, the
 * privacy guide before anything is shared). Bound: a greeting, the staff 工作台 with badge counts
 * of what waits (auth.workbench), and everyone's shortcuts; 长辈模式 shows only the three big
 * buttons an older member needs. Staff cards come from the permissions table (cards.ts); so do the
 * entries into the grid / assess / reports subpackages (网格上报 also waits on the county's
 * grid.config.get). The rank card opens 排行.
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
      const grants = r.data.roles;
      const cards = homeCards(grants, mayReportCache.get(r.data.memberId) ?? null);
      this.setData({
        view: READY,
        unbound: false,
        name: r.data.name,
        branchName: r.data.branch.name,
        staffCards: workCards(grants, null),
        memberCards: cards.member,
        elderHint: !this.data.ui.elder && !elderHintSeen(),
      });
      // the badges: one cheap call, only for staff (a member's answer would be all null); and,
      // unless already known (or 长辈模式 shows no 网格上报), whether the county lets members report
      const askConfig = !this.data.ui.elder && needsGridConfig(grants) && (force || !mayReportCache.has(r.data.memberId));
      const [counts, cfg] = await Promise.all([cards.staff.length ? workbench() : null, askConfig ? gridConfig() : null]);
      if (cfg?.ok) {
        mayReportCache.set(r.data.memberId, cfg.data.membersMayReport);
        this.setData({ memberCards: homeCards(grants, cfg.data.membersMayReport).member });
      }
      if (counts?.ok) this.setData({ staffCards: workCards(grants, counts.data) });
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
