import { beforeEach, describe, expect, it } from '@jest/globals';
import { fail, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { audit } from './org-fixtures';

beforeEach(resetWx);

describe('操作记录 (audit list)', () => {
  it('lists the last 7 days under the org, newest first, with who, role and when (China time)', async () => {
    const page = await loadPage('staff/pages/org/audit/index', { stub: { 'org.audit.list': ok(audit) }, query: { orgId: 't1' } });
    const text = page.text();
    expect(text).toContain('授予角色');
    expect(text).toContain('刘芳（街镇管理员） · 2026-11-23 09:05');
    expect(text).toContain('解除微信绑定');
    const p = page.backend?.calls[0].payload as { orgId: string; from: string; limit: number };
    expect(p.orgId).toBe('t1');
    expect(Date.now() - new Date(p.from).getTime()).toBeGreaterThanOrEqual(7 * 86400_000 - 1000);
  });

  it('shows before and after when a record is tapped', async () => {
    const page = await loadPage('staff/pages/org/audit/index', { stub: { 'org.audit.list': ok(audit) }, query: { orgId: 't1' } });
    expect(page.text()).not.toContain('变更前');
    await page.tap('.record-0 >>> .t-cell');
    expect(page.text()).toContain('原因：换届');
    expect(page.text()).toContain('变更前：{"roles":[]}');
    expect(page.text()).toContain('变更后：{"roles":[{"role":"gridLeader","orgId":"b01g1"}]}');
  });

  it('changes the time range and pages with the cursor', async () => {
    const page = await loadPage('staff/pages/org/audit/index', { stub: { 'org.audit.list': ok(audit) }, query: { orgId: 't1' } });
    await page.tap('.more-btn');
    expect(page.backend?.calls[1].payload).toMatchObject({ cursor: '1700000000000~aud:2' });
    await page.tap('.chip-all');
    expect(page.backend?.calls[2].payload).toEqual({ orgId: 't1', limit: 30 });
  });

  it('shows an empty range and FORBIDDEN', async () => {
    const none = await loadPage('staff/pages/org/audit/index', { stub: { 'org.audit.list': ok({ items: [], nextCursor: null }) } });
    expect(none.text()).toContain('这段时间没有操作记录');
    resetWx();
    const denied = await loadPage('staff/pages/org/audit/index', { stub: { 'org.audit.list': fail('FORBIDDEN') } });
    expect(denied.text()).toContain('没有权限进行此操作');
  });
});
