/**
 * Where a staff card leads until its feature issue builds the real page (pages/home/cards.ts
 * then points the card at it). Names the feature so nobody mistakes it for a broken link.
 */
const FEATURES: Record<string, string> = {
  grid: '网格上报',
  org: '组织管理',
  fulfil: '核销兑换',
};

Component({
  data: { message: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const name = FEATURES[query.feature ?? ''] ?? '该功能';
      this.setData({ message: `${name}功能正在建设中，敬请期待。` });
      wx.setNavigationBarTitle({ title: name });
    },
    onBack() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
