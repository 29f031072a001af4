import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { demoAdmin, fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { committed, dryRun } from './org-fixtures';
import { mockWx } from './support';

beforeEach(resetWx);

function pickFile(name = '花名册.xlsx') {
  mockWx({
    chooseMessageFile: (o: { success: (r: { tempFiles: { path: string; name: string; size: number; type: string; time: number }[] }) => void }) =>
      o.success({ tempFiles: [{ path: 'wxfile://tmp/roster', name, size: 125000, type: 'file', time: 0 }] }),
    getFileSystemManager: () => ({ readFile: (o: { success: (r: { data: string }) => void }) => o.success({ data: 'UEsDBAo=' }) }),
  });
  (wx.showModal as jest.Mock).mockImplementation(((o: { success?: (r: { confirm: boolean }) => void }) => o.success?.({ confirm: true })) as never);
}

const routes = (over: Record<string, unknown> = {}) => ({
  'files.roster.upload': ok({ fileID: 'cloud://local.bucket/imports/m1/abc.xlsx' }),
  'files.roster.import': (p: Record<string, unknown>) => ok(p.dryRun ? dryRun : committed),
  ...over,
});

describe('导入花名册 (roster import)', () => {
  it('uploads the chosen file, dry-runs it and shows the per-row report', async () => {
    pickFile();
    const page = await loadPage('staff/pages/org/import/index', { stub: routes() as never, query: { orgId: 't1', name: encodeURIComponent('青年路街道党工委') } });
    await page.tap('.choose-btn');
    await page.flush();
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['roster.upload', 'roster.import']);
    expect(page.backend?.calls[0].payload).toEqual({ fileName: 'roster.xlsx', contentBase64: 'UEsDBAo=' });
    expect(page.backend?.calls[1].payload).toEqual({ fileID: 'cloud://local.bucket/imports/m1/abc.xlsx', orgId: 't1', dryRun: true });
    const text = page.text();
    expect(text).toContain('导入到：青年路街道党工委');
    expect(text).toContain('共 3000 行，其中 20 行有问题不会导入；其余 2980 行可以导入。');
    expect(text).toContain('第 10 行 · 手机号');
    expect(text).toContain('手机号应为 11 位中国大陆手机号');
    expect(text).toContain('第 159 行 · 支部');
    expect(text).toContain('另有 18 个问题未列出');
    expect(text).toContain('更新：状态');
    expect(text).toContain('确认导入 2980 人');
  });

  it('commits after confirming and shows what was written', async () => {
    pickFile();
    const page = await loadPage('staff/pages/org/import/index', { stub: routes() as never, query: { orgId: 't1' } });
    await page.tap('.choose-btn');
    await page.flush();
    await page.tap('.commit-btn');
    await page.flush();
    expect(page.backend?.calls[2].payload).toEqual({ fileID: 'cloud://local.bucket/imports/m1/abc.xlsx', orgId: 't1', dryRun: false });
    expect(page.text()).toContain('导入完成：新增 2975 人，更新 5 人，未变化 0 人，跳过有问题的 20 行。');
    expect(page.find('.commit-btn')).toBeUndefined();
  });

  it('offers no commit when a re-import would change nothing', async () => {
    pickFile();
    const page = await loadPage('staff/pages/org/import/index', {
      stub: routes({ 'files.roster.import': ok({ ...dryRun, created: 0, updated: 0, unchanged: 2980, preview: [] }) }) as never,
      query: { orgId: 't1' },
    });
    await page.tap('.choose-btn');
    await page.flush();
    expect(page.find('.commit-btn')).toBeUndefined();
    expect(page.text()).toContain('没有需要导入的变更');
  });

  it('shows why a file cannot be read', async () => {
    pickFile();
    const page = await loadPage('staff/pages/org/import/index', {
      stub: routes({ 'files.roster.import': fail('IMPORT_FILE_INVALID', { message: '没有找到表头：需要“姓名”“手机号”两列' }) }) as never,
      query: { orgId: 't1' },
    });
    await page.tap('.choose-btn');
    await page.flush();
    expect(page.text()).toContain('没有找到表头');
  });

  it('uploads with wx.cloud.uploadFile on a real env', async () => {
    pickFile('roster.csv');
    const upload = jest.fn((o: { cloudPath: string; success: (r: { fileID: string }) => void }) => o.success({ fileID: `cloud://env.bucket/${o.cloudPath}` }));
    (wx.cloud as unknown as Record<string, unknown>).uploadFile = upload;
    const page = await loadPage('staff/pages/org/import/index', { stub: routes({ 'auth.me': ok(demoAdmin) }) as never, query: { orgId: 't1' }, config: { mode: 'cloud' } });
    await page.tap('.choose-btn');
    await page.flush();
    // into the admin's own folder: the import reads only the caller's uploads
    expect(upload).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://tmp/roster', cloudPath: expect.stringMatching(/^imports\/m0003\/.+\.csv$/) }));
    expect(page.backend?.calls.map((c) => c.action)).toEqual(['me', 'roster.import']);
  });
});
