import { selectTab } from '../../utils/tab-bar';
import { emptyView } from '../../utils/view-state';

/** 积分 tab: a placeholder until its feature issue fills it in. */
Component({
  data: {
    view: emptyView('积分明细即将上线：这里将显示您的评价积分与兑换积分', '回到首页'),
  },
  methods: {
    onShow() {
      selectTab(this, 'points');
    },
    onStateAction() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
