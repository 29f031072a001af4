import { selectTab } from '../../utils/tab-bar';
import { emptyView } from '../../utils/view-state';

/** 签到 tab: a placeholder until its feature issue fills it in. */
Component({
  data: {
    view: emptyView('扫码签到即将上线：参加活动时扫描现场签到码即可签到', '回到首页'),
  },
  methods: {
    onShow() {
      selectTab(this, 'checkin');
    },
    onStateAction() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
