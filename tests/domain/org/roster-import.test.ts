import { PERMISSIONS } from '../../../core/contracts/permissions';
import { grantAmong } from '../../../core/runtime/targets';
import { describe, expect, it } from '@jest/globals';
import type { MemberDoc, OrgDoc } from '../../../core/domain/org/model';
import { cellText, findHeader, normalizePhone, parseDate, planImport, readRoster } from '../../../core/domain/org/roster-import';
import type { SheetRow } from '../../../core/domain/org/sheet-row';
import { decodeText, sniffDelimiter } from '../../../core/runtime/sheet';
import { maskPhone } from '../../../core/domain/org/model';
import { memberItem } from '../../../core/domain/org/view';
import { chinaTime } from '../../../core/domain/time';

const now = chinaTime('2026-11-23 10:00:00');
const at = new Date(0);
const org = (_id: string, name: string, type: OrgDoc['type'], ancestors: string[]): OrgDoc => ({ _id, name, type, parentId: ancestors[ancestors.length - 2] ?? null, ancestors, createdAt: at });
const town = org('t1', '青年路街道党工委', 'town', ['c', 't1']);
const orgs = [
  town,
  org('b1', '青年路社区党支部', 'branch', ['c', 't1', 'b1']),
  org('b1g1', '第一党小组（1号网格）', 'group', ['c', 't1', 'b1', 'b1g1']),
  org('b2', '文化路社区党支部', 'branch', ['c', 't1', 'b2']),
  org('b2g1', '第一党小组（1号网格）', 'group', ['c', 't1', 'b2', 'b2g1']),
];
const sheet = (...rows: unknown[][]): SheetRow[] => rows.map((cells, i) => ({ row: i + 1, cells: cells as SheetRow['cells'] }));
const HEAD = ['姓名', '手机号', '支部', '党小组', '党员类别', '状态', '入党日期', '流动党员'];

describe('cells and values', () => {
  it.each([
    ['2001-07-01', '2001-07-01'],
    ['2001/7/1', '2001-07-01'],
    ['2001.7.1', '2001-07-01'],
    ['2001年7月1日', '2001-07-01'],
    ['20010701', '2001-07-01'],
    ['2001-07', '2001-07-01'],
    ['2001年7月', '2001-07-01'],
    ['37073', '2001-07-01'],
    ['2001-02-30', null],
    ['2001-13-01', null],
    ['七一', null],
  ])('reads the date %j as %j', (s, d) => {
    expect(parseDate(s)).toBe(d);
  });

  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86 13800138000', '13800138000'],
    ['86-138-0013-8000', '13800138000'],
  ])('normalizes the phone %j', (s, p) => {
    expect(normalizePhone(s)).toBe(p);
  });

  it('turns cells into text: numbers without exponent, date cells as dates, booleans as 是/否', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(new Date(Date.UTC(2001, 6, 1)))).toBe('2001-07-01');
    expect(cellText(true)).toBe('是');
    expect(cellText(null)).toBe('');
    expect(cellText(' 张三\u00a0')).toBe('张三');
  });

  it('decodes UTF-8 with and without BOM, UTF-16 and GBK, and sniffs the delimiter', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名')]))).toBe('姓名');
    expect(decodeText(Buffer.from('姓名'))).toBe('姓名');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名', 'utf16le')]))).toBe('姓名');
    expect(decodeText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
    expect(sniffDelimiter('姓名\t手机号\n')).toBe('\t');
    expect(sniffDelimiter('姓名,手机号\n')).toBe(',');
    expect(sniffDelimiter('姓名\n')).toBe(',');
  });
});

describe('the header', () => {
  it('is found below a title row, with marks and notes around the names', () => {
    const h = findHeader(sheet(['花名册'], ['姓名*', ' 手机号码（必填） ', '所在支部', '备注']));
    expect(h).toEqual({ headerRow: 2, columns: { name: { index: 0, header: '姓名*' }, phone: { index: 1, header: '手机号码（必填）' }, branch: { index: 2, header: '所在支部' } } });
  });
  it('is missing without 姓名 and 手机号', () => {
    expect(findHeader(sheet(['姓名', '支部'], ['张三', 'x']))).toBeNull();
  });
});

describe('reading rows', () => {
  const read = (...rows: unknown[][]) => {
    const s = sheet(HEAD, ...rows);
    return readRoster(s, findHeader(s)!, town, orgs, now);
  };

  it('resolves branch and group names (a group also without its note)', () => {
    const r = read(['张三', '13800138000', '文化路社区党支部', '第一党小组', '预备', '停止', '2001-07-01', '是']);
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([{ row: 2, name: '张三', phone: '13800138000', branchId: 'b2', groupId: 'b2g1', partyStatus: 'probationary', status: 'suspended', joinedAt: '2001-07-01', flow: true }]);
  });

  it('leaves empty optional cells undefined (keep or default)', () => {
    const r = read(['张三', '13800138000', '青年路社区党支部', '', '', '', '', '']);
    expect(r.rows[0]).toMatchObject({ groupId: undefined, partyStatus: undefined, status: undefined, joinedAt: undefined, flow: undefined });
  });

  it('reports every bad column of a bad row, in column order, and keeps the row out', () => {
    const r = read(['', '123', '青年路社区党支部', '第九党小组', '积极分子', '退休', '2099-01-01', '可能']);
    expect(r.rows).toEqual([]);
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, '姓名', 'REQUIRED'],
      [2, '手机号', 'PHONE_INVALID'],
      [2, '党小组', 'GROUP_UNKNOWN'],
      [2, '党员类别', 'PARTY_STATUS_INVALID'],
      [2, '状态', 'STATUS_INVALID'],
      [2, '入党日期', 'DATE_INVALID'],
      [2, '流动党员', 'FLOW_INVALID'],
    ]);
  });

  it('reports a later duplicate phone, naming the first row', () => {
    const r = read(['张三', '13800138000', '青年路社区党支部'], ['李四', '138 0013 8000', '青年路社区党支部']);
    expect(r.rows).toHaveLength(1);
    expect(r.issues).toEqual([{ row: 3, column: '手机号', code: 'PHONE_DUPLICATE', message: '手机号与第 2 行重复' }]);
  });

  it('refuses a branch outside the import’s org, and an empty branch when importing into a town', () => {
    const r = read(['张三', '13800138000', '樱桃沟村党支部'], ['李四', '13800138001', '']);
    expect(r.issues.map((i) => [i.row, i.code])).toEqual([
      [2, 'BRANCH_UNKNOWN'],
      [3, 'REQUIRED'],
    ]);
  });
});

describe('planning', () => {
  const existing = (over: Partial<MemberDoc> = {}): MemberDoc => ({
    _id: 'm1',
    openid: 'wx1',
    name: '张三',
    phone: '13800138000',
    branchId: 'b1',
    groupId: 'b1g1',
    ancestors: ['c', 't1', 'b1', 'b1g1'],
    partyStatus: 'full',
    status: 'active',
    joinedAt: new Date('2001-07-01T00:00:00Z'),
    flow: false,
    roles: [{ role: 'secretary', orgId: 'b1' }],
    createdAt: at,
    updatedAt: at,
    ...over,
  });
  const row = { row: 2, name: '张三', phone: '13800138000', branchId: 'b1', groupId: undefined, partyStatus: undefined, status: undefined, joinedAt: undefined, flow: undefined };

  it('leaves a member unchanged when the row says what is stored or leaves it empty', () => {
    const p = planImport(
      [
        { ...row, groupId: 'b1g1', joinedAt: '2001-07-01' },
        { ...row, row: 3 },
      ],
      new Map([['13800138000', existing()]]),
      new Set(),
      orgs,
      'c',
      now,
    );
    expect(p).toMatchObject({ creates: [], updates: [], unchanged: 2 });
  });

  it('updates only changed fields, never the openid or roles; a new branch without a group drops the old group', () => {
    const p = planImport([{ ...row, branchId: 'b2', status: 'transferred' }], new Map([['13800138000', existing()]]), new Set(), orgs, 'c', now);
    expect(p.updates).toEqual([
      {
        row: 2,
        memberId: 'm1',
        name: '张三',
        patch: { branchId: 'b2', groupId: null, ancestors: ['c', 't1', 'b2'], status: 'transferred' },
        before: { branchId: 'b1', groupId: 'b1g1', ancestors: ['c', 't1', 'b1', 'b1g1'], status: 'active' },
        fields: ['支部', '党小组', '组织路径', '状态'],
        // a change of place: written with the member's balance and pending claims in one transaction
        move: { from: { branchId: 'b1', groupId: 'b1g1', ancestors: ['c', 't1', 'b1', 'b1g1'] }, to: { branchId: 'b2', groupId: null, ancestors: ['c', 't1', 'b2'] } },
      },
    ]);
  });

  it('plans no move when only other fields change', () => {
    const p = planImport([{ ...row, status: 'suspended' }], new Map([['13800138000', existing()]]), new Set(), orgs, 'c', now);
    expect(p.updates).toEqual([expect.objectContaining({ patch: { status: 'suspended' }, move: null })]);
  });

  it('creates unbound members with a deterministic id and defaults', () => {
    const p = planImport([{ ...row, phone: '13900000000' }], new Map(), new Set(), orgs, 'c', now);
    const again = planImport([{ ...row, phone: '13900000000' }], new Map(), new Set(), orgs, 'c', now);
    expect(p.creates[0]._id).toBe(again.creates[0]._id);
    expect(p.creates[0]).toMatchObject({
      openid: `unbound:${p.creates[0]._id}`,
      groupId: null,
      ancestors: ['c', 't1', 'b1'],
      partyStatus: 'full',
      status: 'active',
      joinedAt: null,
      flow: false,
      roles: [],
    });
  });

  it('refuses a phone that belongs to a member outside the import’s org', () => {
    const p = planImport([row], new Map(), new Set(['13800138000']), orgs, 'c', now);
    expect(p.creates).toEqual([]);
    expect(p.issues.map((i) => [i.row, i.column, i.code])).toEqual([[2, '手机号', 'PHONE_OUTSIDE_SCOPE']]);
  });
});

describe('phone masking in member views', () => {
  const m = {
    _id: 'm1',
    openid: 'unbound:m1',
    name: '张三',
    phone: '13812341234',
    branchId: 'b1',
    groupId: null,
    ancestors: ['c', 't1', 'b1'],
    partyStatus: 'full' as const,
    status: 'active' as const,
    joinedAt: null,
    flow: false,
    roles: [],
    createdAt: at,
    updatedAt: at,
  };
  const actor = (roles: { role: 'orgAdmin' | 'secretary'; orgId: string }[]) => ({ memberId: 'x', name: '甲', branchId: 'b1', ancestors: ['c', 't1', 'b1'], roles });
  it.each([
    ['a secretary of the branch', [{ role: 'secretary' as const, orgId: 'b1' }], false],
    ['an admin of the town', [{ role: 'orgAdmin' as const, orgId: 't1' }], true],
    ['an admin of another town', [{ role: 'orgAdmin' as const, orgId: 't2' }], false],
  ])('%s sees the full number: %s', (_n, roles, full) => {
    const sees = grantAmong(actor(roles), PERMISSIONS.org['members.list'].variants.fullPhone, m.ancestors) !== undefined;
    expect(sees).toBe(full);
    expect(memberItem(sees, m, new Map()).phone).toBe(full ? '13812341234' : maskPhone('13812341234'));
  });
});
