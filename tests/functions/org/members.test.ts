import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MemberDetail, MemberItem, MembersListResult } from '../../../core/contracts/org';
import type { MemberDoc } from '../../../core/domain/org/model';
import { chinaTime } from '../../../core/domain/time';
import { org as orgFn } from '../../../core/functions/org';
import { fixedClock } from '../../../core/runtime/clock';
import type { LocalCloud } from '../../../emulator/local-cloud';
import { caller, expectOk, startTestCloud, type Call } from '../../support/cloud';
import { memberByOpenid } from './support';

let cloud: LocalCloud;
let call: Call;
const clock = fixedClock(chinaTime('2026-11-23 10:00:00'));

beforeAll(async () => {
  cloud = await startTestCloud();
  call = caller(cloud, orgFn({ clock }));
});
afterAll(() => cloud.close());

const stored = (where: Record<string, unknown>) => cloud.store.find('members', where, { limit: 100000 }) as unknown as MemberDoc[];
const list = (openid: string, payload: Record<string, unknown>) => call<MembersListResult>(openid, { action: 'members.list', ...payload });

/** Every page of a listing, following the cursor. */
async function allPages(openid: string, payload: Record<string, unknown>): Promise<{ items: MemberItem[]; pages: number; total: number }> {
  const items: MemberItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let total = 0;
  do {
    const r = expectOk(await list(openid, { ...payload, ...(cursor ? { cursor } : {}) }));
    items.push(...r.items);
    total = r.total;
    cursor = r.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { items, pages, total };
}

describe('phone numbers', () => {
  it('come back masked to a secretary, in the list and in the detail', async () => {
    const r = expectOk(await list('demo-secretary-b01', { orgId: 'b01', limit: 100 }));
    expect(r.items.length).toBeGreaterThan(20);
    for (const i of r.items) {
      const m = stored({ _id: i.id })[0];
      expect(i).toMatchObject({ phoneMasked: true, phone: `${m.phone.slice(0, 3)}****${m.phone.slice(-4)}` });
      expect(JSON.stringify(i)).not.toContain(m.phone);
    }
    const d = expectOk(await call<MemberDetail>('demo-secretary-b01', { action: 'members.get', memberId: r.items[3].id }));
    expect(d.phoneMasked).toBe(true);
    expect(d.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('come back masked to a grid leader', async () => {
    const r = expectOk(await list('demo-grid-b01g2', {}));
    expect(r.items.every((i) => i.phoneMasked && /\*{4}/.test(i.phone))).toBe(true);
  });

  it.each(['demo-admin-t1', 'demo-admin-county'])('come back in full to an admin of the member’s org (%s)', async (admin) => {
    const r = expectOk(await list(admin, { orgId: 'b01', limit: 100 }));
    for (const i of r.items) expect(i).toMatchObject({ phoneMasked: false, phone: stored({ _id: i.id })[0].phone });
    const d = expectOk(await call<MemberDetail>(admin, { action: 'members.get', memberId: r.items[3].id }));
    expect(d).toMatchObject({ phoneMasked: false, phone: stored({ _id: r.items[3].id })[0].phone, can: { unbind: true, grant: true } });
  });

  it('come back masked to an admin who also is secretary, for members outside the admin’s org', async () => {
    // the t1 admin is made secretary of b05 (in t2): they may read b05, but are not its admin
    const admin = memberByOpenid(cloud, 'demo-admin-t1');
    await cloud.store.updateById('members', admin._id, { $set: { roles: [...admin.roles, { role: 'secretary', orgId: 'b05' }] } }).durable;
    try {
      const r = expectOk(await list('demo-admin-t1', { orgId: 'b05', limit: 5 }));
      expect(r.items.every((i) => i.phoneMasked)).toBe(true);
    } finally {
      await cloud.store.updateById('members', admin._id, { $set: { roles: admin.roles } }).durable;
    }
  });
});

describe('org.members.list', () => {
  it('pages past the 100-document cap with a cursor: every member of the county once, and the total', async () => {
    const { items, pages, total } = await allPages('demo-admin-county', { limit: 100 });
    const all = stored({ ancestors: 'county' });
    expect(all.length).toBeGreaterThan(300);
    expect(total).toBe(all.length);
    expect(items.map((i) => i.id)).toEqual(all.map((m) => m._id).sort());
    expect(pages).toBe(Math.ceil(all.length / 100) + (all.length % 100 === 0 ? 1 : 0));
  });

  it('searches by name within the scope (contains), with the total of matches', async () => {
    const surname = stored({ branchId: 'b01' })[0].name[0];
    const { items, total } = await allPages('demo-admin-t1', { q: surname, limit: 7 });
    const expected = stored({ ancestors: 't1' }).filter((m) => m.name.includes(surname));
    expect(total).toBe(expected.length);
    expect(items.map((i) => i.id).sort()).toEqual(expected.map((m) => m._id).sort());
  });

  it('treats search text literally (no regular expression from the user)', async () => {
    const r = expectOk(await list('demo-admin-t1', { q: '.*' }));
    expect(r.total).toBe(0);
  });

  it.each([
    ['a party group (grid)', { orgId: 'b02g3' }, { ancestors: 'b02g3' }],
    ['a branch and a status', { orgId: 'b02', status: 'active' }, { ancestors: 'b02', status: 'active' }],
    ['probationary members of the town', { orgId: 't1', partyStatus: 'probationary' }, { ancestors: 't1', partyStatus: 'probationary' }],
    ['members not yet bound', { orgId: 't1', bound: false }, { ancestors: 't1', openid: { $regex: '^unbound:' } }],
    ['members already bound', { orgId: 't1', bound: true }, { ancestors: 't1', openid: { $not: /^unbound:/ } }],
  ])('filters by %s', async (_n, payload, where) => {
    const { items, total } = await allPages('demo-admin-t1', { ...payload, limit: 50 });
    const expected = stored(where);
    expect(expected.length).toBeGreaterThan(0);
    expect(total).toBe(expected.length);
    expect(items.map((i) => i.id).sort()).toEqual(expected.map((m) => m._id).sort());
  });

  it('lists a grid leader’s own grid by default', async () => {
    const { items } = await allPages('demo-grid-b01g2', {});
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.group?.id === 'b01g2')).toBe(true);
  });

  it('names the branch, group and role orgs of each member', async () => {
    const r = expectOk(await list('demo-admin-t1', { orgId: 'b01', limit: 3 }));
    expect(r.items[0]).toMatchObject({ branch: { id: 'b01', name: '青年路社区党支部' }, roles: [{ role: 'secretary', orgId: 'b01', orgName: '青年路社区党支部' }] });
  });

  it('costs five database requests per page whatever the page size', async () => {
    const inv = await cloud.invoke(orgFn({ clock }) as never, { action: 'members.list', orgId: 't1', limit: 100 }, { openid: 'demo-admin-t1' });
    expect(inv.dbRequests).toBe(5);
  });

  it('refuses a plain member (no staff role) with FORBIDDEN', async () => {
    expect(await list('demo-member-b01', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await list('demo-member-b01', { orgId: 'b01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('answers NOT_FOUND for an unknown org or member to the county admin, whose scope is everything', async () => {
    expect(await list('demo-admin-county', { orgId: 'nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'orgId' });
    expect(await call('demo-admin-county', { action: 'members.get', memberId: 'nope' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'memberId' });
  });

  it('answers FORBIDDEN for an unknown org or member to a town admin, as for one outside the town: existence is not told beyond a scope', async () => {
    expect(await list('demo-admin-t1', { orgId: 'nope' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await call('demo-admin-t1', { action: 'members.get', memberId: 'nope' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses a page size above 100 as INVALID_INPUT', async () => {
    expect(await list('demo-admin-t1', { limit: 101 })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'limit' });
  });
});

describe('org.members.get', () => {
  it('gives the member’s branch, group, town, roles and binding state', async () => {
    const sec = memberByOpenid(cloud, 'demo-secretary-b01');
    const d = expectOk(await call<MemberDetail>('demo-admin-t1', { action: 'members.get', memberId: sec._id }));
    expect(d).toMatchObject({
      id: sec._id,
      name: sec.name,
      branch: { id: 'b01', name: '青年路社区党支部' },
      group: { id: 'b01g1' },
      town: { id: 't1', name: '青年路街道党工委' },
      bound: true,
      roles: [{ role: 'secretary', orgId: 'b01', orgName: '青年路社区党支部' }],
      can: { unbind: true, grant: true },
    });
    expect(d.joinedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('tells a secretary they may neither unbind nor grant', async () => {
    const m = memberByOpenid(cloud, 'demo-member-b01');
    expect(expectOk(await call<MemberDetail>('demo-secretary-b01', { action: 'members.get', memberId: m._id })).can).toEqual({ unbind: false, grant: false });
  });
});
