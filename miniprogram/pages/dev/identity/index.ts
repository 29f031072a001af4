import { config } from '../../../config';
import { identities } from '../../../services/dev';
import { actAs, actingOpenid } from '../../../services/identity';
import { emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { toOptions, type IdentityOption } from './options';

/**
 * Dev identity switcher (local mode only): pick a demo user from the local cloud; the next call
 * carries their openid in x-openid, and pages re-fetch when shown again. No restart needed.
 */
Component({
  data: {
    view: LOADING as ViewState,
    options: [] as IdentityOption[],
    current: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (config.mode !== 'local') {
        this.setData({ view: emptyView('测试身份只在本地模式（本地云）下可用') });
        return;
      }
      this.setData({ view: LOADING, current: actingOpenid() });
      const r = await identities();
      if (!r.ok) {
        this.setData({ view: errorView(r) });
        return;
      }
      this.setData({ view: r.data.length ? READY : emptyView('本地云里还没有已绑定的演示身份'), options: toOptions(r.data) });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const openid = e.detail.value;
      actAs(openid);
      this.setData({ current: openid });
      wx.showToast({ title: '已切换身份', icon: 'success' });
      wx.switchTab({ url: '/pages/home/index' });
    },
    onStateAction() {
      void this.load();
    },
  },
});
