import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { AttendancePeriodResult } from '../../../core/contracts/events';
import { demoAdmin, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';

const w = wx as unknown as Record<string, unknown>;
const cloud = wx.cloud as unknown as Record<string, unknown>;

beforeEach(() => {
  resetWx();
  cloud.downloadFile = jest.fn((o: { success?: (r: { tempFilePath: string; statusCode: number }) => void }) => o.success?.({ tempFilePath: '/tmp/period.xlsx', statusCode: 200 }));
  w.downloadFile = jest.fn();
  w.openDocument = jest.fn((o: { success?: () => void }) => o.success?.());
});

const report = (from: string, to: string): AttendancePeriodResult => ({
  kind: 'period',
  orgId: 't1',
  from,
  to,
  events: [{ id: 'ev1', title: '11月主题党日', type: 'themeDay', startAt: '2026-11-05T01:00:00.000Z', attended: 30, pending: 2 }],
  members: 40,
  rows: [{ memberId: 'm0005', name: '李建华', branchId: 'b01', branchName: '青年路社区党支部', attended: 3, offline: 1, proxy: 0, hours: 4 }],
  truncated: false,
});

describe('出勤统计 (date-range attendance report)', () => {
  it('reports the acting org from the 1st of this month to today, and again for a new range', async () => {
    const page = await loadPage('staff/pages/events/attendance/period/index', {
      stub: { 'auth.me': ok(demoAdmin), 'events.attendance': (p) => ok(report(String(p.from), String(p.to))) },
    });
    const first = page.backend!.calls.find((c) => c.action === 'attendance')!.payload;
    expect(first).toMatchObject({ kind: 'period', orgId: 't1' });
    expect(String(first.from)).toMatch(/^\d{4}-\d{2}-01$/);
    expect(page.text()).toContain('11月主题党日');
    expect(page.text()).toContain('签到 30 人 · 待确认 2');
    expect(page.text()).toContain('李建华');
    expect(page.text()).toContain('出勤 3 次 · 离线 1 · 服务 4 小时');
    expect(rendered(page, 't-cell')).toBe(true);
    page.invoke('onFrom', { detail: { value: '2026-10-01' } });
    await page.flush();
    expect(page.backend!.calls.filter((c) => c.action === 'attendance').at(-1)!.payload).toMatchObject({ from: '2026-10-01' });
  });

  it('exports through wx.cloud.downloadFile by fileID and opens it with wx.openDocument (no download domain needed)', async () => {
    const page = await loadPage('staff/pages/events/attendance/period/index', {
      config: { mode: 'cloud' },
      stub: {
        'auth.me': ok(demoAdmin),
        'events.attendance': (p) => ok(report(String(p.from), String(p.to))),
        'files.attendance.export': ok({ url: 'https://tmp.example/a.xlsx', fileID: 'cloud://env/exports/a.xlsx' }),
      },
    });
    await page.tap('#export-btn');
    await page.flush();
    expect(page.backend!.calls.find((c) => c.action === 'attendance.export')?.payload).toMatchObject({ kind: 'period', orgId: 't1' });
    expect(cloud.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ fileID: 'cloud://env/exports/a.xlsx' }));
    expect(w.downloadFile).not.toHaveBeenCalled();
    expect(w.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: '/tmp/period.xlsx', fileType: 'xlsx', showMenu: true }));
    expect(page.instance.data.exporting).toBe(false);
  });

  it('refuses a range that ends before it starts without asking the server', async () => {
    const page = await loadPage('staff/pages/events/attendance/period/index', {
      stub: { 'auth.me': ok(demoAdmin), 'events.attendance': (p) => ok(report(String(p.from), String(p.to))) },
    });
    const before = page.backend!.calls.length;
    page.invoke('onFrom', { detail: { value: '2099-01-01' } });
    await page.flush();
    expect(page.text()).toContain('开始日期不能晚于结束日期');
    expect(page.backend!.calls.length).toBe(before);
  });
});
