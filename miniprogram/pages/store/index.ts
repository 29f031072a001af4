import { selectTab } from '../../utils/tab-bar';
import { emptyView } from '../../utils/view-state';

/** 积分超市 tab: a placeholder until its feature issue fills it in. */
Component({
  data: {
    view: emptyView('积分超市即将上线：可用兑换积分兑换生活用品', '回到首页'),
  },
  methods: {
    onShow() {
      selectTab(this, 'store');
    },
    onStateAction() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
