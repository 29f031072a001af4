import { beforeEach, describe, expect, it } from '@jest/globals';
import { demoGridLeader, fail, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { mockWx, typeInto } from '../points/support';
import { config, detail } from './support';

beforeEach(resetWx);

const routes = (over: Record<string, unknown> = {}) => ({
  'auth.me': ok(demoGridLeader),
  'grid.config.get': ok(config),
  'points.evidence.upload': (p: { ext: string }) => ok({ fileID: `cloud://local.bucket/evidence/m0002/x.${p.ext}` }),
  'grid.issues.report': ok({ issue: detail({ id: 'gi1' }) }),
  ...over,
});

function phone(opts: { place?: boolean; here?: boolean } = {}) {
  return mockWx({
    chooseMedia: (o: { success: (r: { tempFiles: { tempFilePath: string; size: number }[] }) => void }) => o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/tree.jpg', size: 90_000 }] }),
    getFileSystemManager: () => ({ readFile: (o: { success: (r: { data: string }) => void }) => o.success({ data: '/9j/4AAQ' }) }),
    chooseLocation: (o: { success: (r: unknown) => void; fail: () => void }) =>
      opts.place === false ? o.fail() : o.success({ latitude: 34.75, longitude: 113.62, name: '3号楼', address: '青年路3号' }),
    getLocation: (o: { success: (r: unknown) => void; fail: () => void }) => (opts.here === false ? o.fail() : o.success({ latitude: 34.7466, longitude: 113.6253 })),
    previewImage: () => undefined,
    requestSubscribeMessage: (o: { tmplIds: string[]; success: (r: Record<string, string>) => void }) => o.success(Object.fromEntries(o.tmplIds.map((id) => [id, 'accept']))),
  });
}

describe('上报网格事项 (report in three taps and a place)', () => {
  it('reports a category, a photo, a sentence and the place picked on the map, once with a request id', async () => {
    const wxm = phone();
    const page = await loadPage('grid/pages/report/index', { stub: routes() as never });
    expect(rendered(page, 't-cell')).toBe(true);
    expect(page.text()).toContain('安全隐患');
    await page.tap('.cat-safety');
    await page.tap('.add-photo');
    expect(page.find('.photo-0')).toBeDefined();
    await typeInto(page, '.f-text', '树冠碰到电线');
    await page.tap('.pick-place');
    expect(wxm.chooseLocation).toHaveBeenCalled();
    expect(page.text()).toContain('3号楼');
    await page.tap('.submit-btn');
    const calls = page.backend!.calls;
    expect(calls.filter((c) => c.action === 'evidence.upload')).toHaveLength(1);
    expect(calls.find((c) => c.action === 'issues.report')!.payload).toEqual({
      category: 'safety',
      text: '树冠碰到电线',
      photos: ['cloud://local.bucket/evidence/m0002/x.jpg'],
      location: { latitude: 34.75, longitude: 113.62 },
      anonymous: false,
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    });
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/grid/pages/issue/index?id=gi1' });
    // the reporter is asked (inside the tap) to hear back when it is resolved
    expect(wxm.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-gridResolved', 'local-gridAssigned'] }));
  });

  it('uses the current position when asked, and says so when it cannot get one', async () => {
    phone({ here: false });
    const page = await loadPage('grid/pages/report/index', { stub: routes() as never });
    await page.tap('.use-here');
    expect(page.text()).toContain('无法获取当前位置');
    phone();
    await page.tap('.use-here');
    expect(page.text()).toContain('当前位置');
    expect(page.text()).toContain('34.7466, 113.6253');
  });

  it('asks for the place before reporting, and shows the server’s refusal', async () => {
    phone({ place: false });
    const page = await loadPage('grid/pages/report/index', { stub: routes({ 'grid.issues.report': fail('GRID_REPORT_NOT_ALLOWED') }) as never });
    await page.tap('.cat-dispute');
    await typeInto(page, '.f-text', '邻里纠纷');
    await page.tap('.pick-place');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('请选择事发地点');
    expect(page.backend!.calls.some((c) => c.action === 'issues.report')).toBe(false);
    phone();
    await page.tap('.pick-place');
    await page.tap('.submit-btn');
    expect(page.text()).toContain('本县目前只允许网格长上报网格事项');
  });
});
