import { beforeEach, describe, expect, it } from '@jest/globals';
import { loadPage, resetWx } from '../harness';

beforeEach(resetWx);

describe('隐私保护指引', () => {
  it('says what is collected and what is not (PIPL)', async () => {
    const page = await loadPage('pages/privacy/index');
    const text = page.text();
    for (const item of ['姓名', '手机号', '138****1234', '党支部', '是否在范围内', '照片', '身份证号码']) expect(text).toContain(item);
    expect(text).toContain('个人信息保护法');
  });
});

// 绑定党员身份 is the org issue's page now: tests/pages/org/bind.test.ts

describe('staff subpackage', () => {
  // 待审核 is the points issue's review queue now: tests/pages/points/review.test.ts

  it.each([
    ['grid', '网格上报'],
    ['org', '组织管理'],
    ['fulfil', '核销兑换'],
  ])('the pending page names the feature for ?feature=%s', async (feature, name) => {
    const page = await loadPage('staff/pages/pending/index', { query: { feature } });
    expect(page.text()).toContain(`${name}功能正在建设中`);
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: name });
  });
});
