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

// 功能建设中 (staff/pages/pending) is gone: every 首页 card leads to a real page (tests/pages/home).
