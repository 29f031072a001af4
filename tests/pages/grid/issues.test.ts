import { beforeEach, describe, expect, it } from '@jest/globals';
import { demoGridLeader, demoMember, ok } from '../fixtures';
import { loadPage, rendered, resetWx } from '../harness';
import { mockWx, typeInto } from '../points/support';
import { detail, issue } from './support';

beforeEach(resetWx);

describe('网格事项 (lists)', () => {
  it('shows an empty state when there is nothing, and no queue tab for a member', async () => {
    const page = await loadPage('grid/pages/issues/index', { stub: { 'auth.me': ok(demoMember), 'grid.issues.list': ok({ issues: [], more: false }) } as never });
    expect(page.text()).toContain('您还没有上报过事项');
    expect(page.find('.tab-queue')).toBeUndefined();
  });

  it('a grid leader’s queue marks the overdue ones and can show only those', async () => {
    const list = (p: { box?: string; overdue?: boolean }) =>
      ok({ issues: p.overdue ? [issue({ id: 'gi2', overdue: true })] : [issue({ id: 'gi1' }), issue({ id: 'gi2', overdue: true, state: 'accepted', stateLabel: '已受理' })], more: false });
    const page = await loadPage('grid/pages/issues/index', { query: { box: 'queue' }, stub: { 'auth.me': ok(demoGridLeader), 'grid.issues.list': list } as never });
    expect(rendered(page, 't-tag')).toBe(true);
    expect(page.find('.issue-gi1')).toBeDefined();
    expect(page.text()).toContain('已超期');
    await page.tap('.tab-overdue');
    const last = page.backend!.calls.filter((c) => c.action === 'issues.list').pop()!;
    expect(last.payload).toMatchObject({ box: 'queue', overdue: true });
    expect(page.find('.issue-gi1')).toBeUndefined();
  });
});

describe('事项详情 (timeline and steps)', () => {
  it('shows the timeline and only the steps the server allows; resolving sends the note and the photos', async () => {
    mockWx({
      chooseMedia: (o: { success: (r: { tempFiles: { tempFilePath: string; size: number }[] }) => void }) => o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/fix.jpg', size: 90_000 }] }),
      getFileSystemManager: () => ({ readFile: (o: { success: (r: { data: string }) => void }) => o.success({ data: '/9j/4AAQ' }) }),
      openLocation: () => undefined,
    });
    const assigned = detail({
      id: 'gi1',
      state: 'assigned',
      stateLabel: '处置中',
      overdue: true,
      escalations: 1,
      assignee: { kind: 'member', id: 'm0002', name: '赵明' },
      can: { resolve: true } as never,
    });
    const resolved = detail({ id: 'gi1', state: 'resolved', stateLabel: '待核实', resolution: { note: '已修剪', photos: [] } });
    const page = await loadPage('grid/pages/issue/index', {
      query: { id: 'gi1' },
      stub: {
        'auth.me': ok(demoGridLeader),
        'grid.issues.get': ok({ issue: assigned }),
        'points.evidence.upload': ok({ fileID: 'cloud://local.bucket/evidence/m0002/fix.jpg' }),
        'grid.issues.resolve': ok({ issue: resolved }),
      } as never,
    });
    expect(page.text()).toContain('上报 · 赵明');
    expect(page.text()).toContain('已超期，已上报 1 级');
    expect(page.find('.step-resolve')).toBeDefined();
    expect(page.find('.step-accept')).toBeUndefined();
    await page.tap('.step-resolve');
    expect(page.text()).toContain('请填写处置结果');
    await typeInto(page, '.f-text', '已修剪');
    await page.tap('.add-photo');
    await page.tap('.step-resolve');
    expect(page.backend!.calls.find((c) => c.action === 'issues.resolve')!.payload).toEqual({ issueId: 'gi1', note: '已修剪', photos: ['cloud://local.bucket/evidence/m0002/fix.jpg'] });
    expect(page.text()).toContain('处置结果：已修剪');
    await page.tap('.where');
    expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 34.7466, longitude: 113.6253 }));
  });

  it('assigns to a lower grid by its id', async () => {
    const accepted = detail({ id: 'gi1', state: 'accepted', stateLabel: '已受理', can: { assign: true, escalate: true } as never });
    const page = await loadPage('grid/pages/issue/index', {
      query: { id: 'gi1' },
      stub: { 'auth.me': ok(demoGridLeader), 'grid.issues.get': ok({ issue: accepted }), 'grid.issues.assign': ok({ issue: detail({ id: 'gi1', state: 'assigned' }) }) } as never,
    });
    await page.tap('.to-org');
    await typeInto(page, '.f-target', 'b01g1');
    await page.tap('.step-assign');
    expect(page.backend!.calls.find((c) => c.action === 'issues.assign')!.payload).toEqual({ issueId: 'gi1', to: 'org', orgId: 'b01g1', note: '' });
  });
});
