import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ClaimsSubmitResult } from '../../../core/contracts/points';
import { demoGridLeader, demoMember, fail, ok } from '../fixtures';
import { loadPage, resetWx, type PageHandle } from '../harness';
import { catalog, claim, mockWx, typeInto } from './support';

beforeEach(resetWx);

const submitted: ClaimsSubmitResult = { claim: claim({ id: 'c-new' }), duplicate: false };
const claimable = catalog.filter((r) => r.trigger === 'claim' || r.trigger === 'grid-report');

const routes = (over: Record<string, unknown> = {}) => ({
  'auth.me': ok(demoMember),
  'points.rules.list': ok({ rules: claimable }),
  'points.evidence.upload': (p: { ext: string }) => ok({ fileID: `cloud://local.bucket/evidence/m0005/x.${p.ext}` }),
  'points.claims.submit': ok(submitted),
  ...over,
});

/** wx.chooseMedia picking `n` photos; the local-mode reader answers base64. */
function photos(n: number, size = 120_000) {
  return mockWx({
    chooseMedia: (o: { success: (r: { tempFiles: { tempFilePath: string; size: number }[] }) => void }) =>
      o.success({ tempFiles: Array.from({ length: n }, (_, i) => ({ tempFilePath: `wxfile://tmp/p${i}.jpg`, size })) }),
    getFileSystemManager: () => ({ readFile: (o: { success: (r: { data: string }) => void }) => o.success({ data: '/9j/4AAQ' }) }),
    previewImage: () => undefined,
  });
}

async function fill(page: PageHandle, code: string, note: string): Promise<void> {
  await page.tap(`.rule-${code}`);
  await typeInto(page, '.f-note', note);
}

describe('申报积分 (claim form)', () => {
  it('offers the claimable rules with points, caps and whether a photo is needed (no grid reports for a member)', async () => {
    const page = await loadPage('pages/points/claim/index', { stub: routes() as never });
    const text = page.text();
    expect(text).toContain('发挥先锋模范作用');
    expect(text).toContain('评价 +5 · 兑换 +5 · 每月最多 2 次 · 需上传照片');
    expect(text).not.toContain('网格问题上报');
  });

  it('uploads the photos (local mode: base64 through evidence.upload) and submits once with a request id', async () => {
    photos(2);
    const page = await loadPage('pages/points/claim/index', { stub: routes() as never });
    await fill(page, 'VANGUARD', '暴雨后连夜参与排涝抢险');
    await page.tap('.add-photo');
    expect(page.find('.photo-1')).toBeDefined();
    await page.tap('.submit-btn');
    const calls = page.backend!.calls;
    expect(calls.filter((c) => c.action === 'evidence.upload').map((c) => c.payload)).toEqual([
      { ext: 'jpg', contentBase64: '/9j/4AAQ' },
      { ext: 'jpg', contentBase64: '/9j/4AAQ' },
    ]);
    const submit = calls.find((c) => c.action === 'claims.submit')!.payload as Record<string, unknown>;
    expect(submit).toEqual({
      ruleCode: 'VANGUARD',
      note: '暴雨后连夜参与排涝抢险',
      photos: ['cloud://local.bucket/evidence/m0005/x.jpg', 'cloud://local.bucket/evidence/m0005/x.jpg'],
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    });
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已提交，等待审核', icon: 'success' });
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/points/claims/index' });
  });

  it('uploads with wx.cloud.uploadFile under evidence/<member>/ on a real env', async () => {
    photos(1);
    const upload = jest.fn((o: { cloudPath: string; success: (r: { fileID: string }) => void }) => o.success({ fileID: `cloud://env.bucket/${o.cloudPath}` }));
    (wx.cloud as unknown as Record<string, unknown>).uploadFile = upload;
    const page = await loadPage('pages/points/claim/index', { stub: routes() as never, config: { mode: 'cloud' } });
    await fill(page, 'VANGUARD', '疫情防控卡点值守');
    await page.tap('.add-photo');
    await page.tap('.submit-btn');
    expect(upload).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/p0.jpg', cloudPath: expect.stringMatching(/^evidence\/m0005\/.+\.jpg$/) }));
    expect(page.backend!.calls.some((c) => c.action === 'evidence.upload')).toBe(false);
    expect((page.backend!.calls.find((c) => c.action === 'claims.submit')!.payload as { photos: string[] }).photos[0]).toMatch(/^cloud:\/\/env\.bucket\/evidence\/m0005\//);
  });

  it.each([
    ['no rule chosen', async (p: PageHandle) => typeInto(p, '.f-note', '说明'), '请选择申报的积分项目'],
    ['no note', async (p: PageHandle) => p.tap('.rule-DUTY_FULFILLED'), '请填写申报说明'],
    ['no photo for a photo rule', async (p: PageHandle) => fill(p, 'VANGUARD', '说明'), '该项目需要上传照片作为佐证'],
  ])('says what is missing: %s, and sends nothing', async (_n, act, message) => {
    const page = await loadPage('pages/points/claim/index', { stub: routes() as never });
    await act(page);
    await page.tap('.submit-btn');
    expect(page.text()).toContain(message);
    expect(page.backend!.calls.some((c) => c.action === 'claims.submit')).toBe(false);
  });

  it('refuses a photo too large for local mode before sending it', async () => {
    photos(1, 900_000);
    const page = await loadPage('pages/points/claim/index', { stub: routes() as never });
    await fill(page, 'VANGUARD', '说明');
    await page.tap('.add-photo');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('第 1 张照片上传失败：照片过大');
    expect(page.backend!.calls.some((c) => c.action === 'evidence.upload' || c.action === 'claims.submit')).toBe(false);
  });

  it('shows the refusal and retries with the same request id, without uploading the photos again', async () => {
    photos(1);
    let n = 0;
    const page = await loadPage('pages/points/claim/index', { stub: routes({ 'points.claims.submit': () => (n++ === 0 ? fail('CAP_EXCEEDED') : ok(submitted)) }) as never });
    await fill(page, 'VANGUARD', '说明');
    await page.tap('.add-photo');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('已达到该积分项目的周期上限');
    await page.tap('.submit-btn');
    const submits = page.backend!.calls.filter((c) => c.action === 'claims.submit').map((c) => (c.payload as { requestId: string }).requestId);
    expect(submits).toHaveLength(2);
    expect(submits[0]).toBe(submits[1]);
    expect(page.backend!.calls.filter((c) => c.action === 'evidence.upload')).toHaveLength(1);
  });

  it('lets a grid leader report for a member: grid reports offered, memberId sent, back to the reported list', async () => {
    photos(1);
    const page = await loadPage('pages/points/claim/index', { stub: routes({ 'auth.me': ok(demoGridLeader) }) as never, query: { memberId: 'm0008', memberName: encodeURIComponent('王芳') } });
    expect(page.text()).toContain('代 王芳 申报');
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '为王芳代为申报' });
    await fill(page, 'GRID_ISSUE_REPORTED', '发现楼道堆放杂物');
    await page.tap('.add-photo');
    await page.tap('.submit-btn');
    expect(page.backend!.calls.find((c) => c.action === 'claims.submit')!.payload).toMatchObject({ memberId: 'm0008', ruleCode: 'GRID_ISSUE_REPORTED' });
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/points/claims/index?box=reported' });
  });

  it('removes a chosen photo', async () => {
    photos(2);
    const page = await loadPage('pages/points/claim/index', { stub: routes() as never });
    await page.tap('.add-photo');
    await page.tap('.photo-0 .photo-remove');
    expect((page.instance.data.photos as unknown[]).length).toBe(1);
  });
});
