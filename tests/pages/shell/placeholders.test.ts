import { beforeEach, describe, expect, it } from '@jest/globals';
import { loadPage, rendered, resetWx } from '../harness';

beforeEach(resetWx);

// 签到 / 积分 / 商城 are placeholders until their feature issues: they must still render an
// honest empty state and lead back home.
describe.each([
  ['pages/checkin/index', '扫码签到即将上线'],
  ['pages/points/index', '积分明细即将上线'],
  ['pages/store/index', '积分超市即将上线'],
])('%s', (pagePath, message) => {
  it('shows an empty state saying the feature is coming, without calling the backend', async () => {
    const page = await loadPage(pagePath);
    expect(page.text()).toContain(message);
    expect(rendered(page, 't-empty')).toBe(true);
    expect(wx.request).not.toHaveBeenCalled();
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('goes back to 首页 from its button', async () => {
    const page = await loadPage(pagePath);
    await page.tap('#state >>> .t-button');
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });
});
