import { TABS } from '../utils/tab-bar';

/**
 * The tab bar (app.json tabBar.custom): TDesign's tab bar with larger labels than the native
 * one. Each tab page owns an instance and marks itself selected in onShow (utils/tab-bar.ts).
 */
Component({
  data: {
    value: 'home' as string,
    tabs: TABS.map((t) => ({ value: t.value, label: t.label, icon: t.icon })),
  },
  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = TABS.find((t) => t.value === e.detail.value);
      if (!tab || tab.value === this.data.value) return;
      this.setData({ value: tab.value });
      wx.switchTab({ url: tab.url });
    },
  },
});
