import type { RoleGrant } from '../../core/contracts/roles';
import { unboundOpenid, type MemberDoc, type OrgDoc } from '../../core/domain/org/model';
import { DEFAULT_RULES } from '../../core/domain/rules/catalog';
import { seededRandom } from '../../emulator/store/query';

/**
 * The demo county, deterministic: a county committee, 3 towns/streets, 12 village/community
 * branches with party groups as level-3 grids, ~300 members, and a bound demo identity for each
 * role. Names and numbers are made up; the shape follows shared/seeds (惠济's three-level grids,
 * 中牟's "红管家").
 */
export type DemoCounty = {
  orgs: OrgDoc[];
  members: MemberDoc[];
  rules: Record<string, unknown>[];
};

const CREATED = new Date('2026-01-01T00:00:00+08:00');
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
const GIVEN = '建国华明丽英军红伟芳平刚秀兰玉梅志强海燕春霞永福德金凤德胜新民晓东丽娟桂芝文静立群书香卫东爱华'.split('');

const TOWNS = [
  { name: '青年路街道党工委', branches: ['青年路社区党支部', '文化路社区党支部', '新华里社区党支部', '建设路社区党支部'] },
  { name: '博学路街道党工委', branches: ['博学路社区党支部', '金苑社区党支部', '航海东路社区党支部', '湖东村党支部'] },
  { name: '樱桃沟镇党委', branches: ['樱桃沟村党支部', '石门村党支部', '桃源村党支部', '樱桃沟项目临时党支部'] },
];

/** The seed draws from the local cloud's seeded PRNG (mulberry32): the same county on every machine. */
export const prng = seededRandom;

export const COUNTY_ID = 'county';
export const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function demoCounty(membersPerBranch = 25): DemoCounty {
  const rnd = prng(20261123);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const orgs: OrgDoc[] = [];
  const members: MemberDoc[] = [];
  const phones = new Set<string>();

  const org = (o: Omit<OrgDoc, 'createdAt'>): OrgDoc => {
    const doc = { ...o, createdAt: CREATED };
    orgs.push(doc);
    return doc;
  };
  const county = org({ _id: COUNTY_ID, name: '中共示范县委', type: 'county', parentId: null, ancestors: [COUNTY_ID] });

  let memberNo = 0;
  const newMember = (branch: OrgDoc, group: OrgDoc | null, roles: RoleGrant[]): MemberDoc => {
    memberNo++;
    let phone: string;
    do
      phone = `1${pick(['3', '5', '8'])}${Math.floor(rnd() * 1e9)
        .toString()
        .padStart(9, '0')}`;
    while (phones.has(phone));
    phones.add(phone);
    const id = `m${pad(memberNo, 4)}`;
    const m: MemberDoc = {
      _id: id,
      openid: unboundOpenid(id),
      name: pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''),
      phone,
      branchId: branch._id,
      groupId: group?._id ?? null,
      ancestors: group ? group.ancestors : branch.ancestors,
      partyStatus: rnd() < 0.93 ? 'full' : 'probationary',
      status: 'active',
      joinedAt: new Date(Date.UTC(1970 + Math.floor(rnd() * 55), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28))),
      flow: rnd() < 0.04,
      roles,
      createdAt: CREATED,
      updatedAt: CREATED,
    };
    members.push(m);
    return m;
  };
  const bind = (openid: string, m: MemberDoc): void => {
    m.openid = openid;
  };

  let branchNo = 0;
  TOWNS.forEach((t, ti) => {
    const townId = `t${ti + 1}`;
    const town = org({ _id: townId, name: t.name, type: 'town', parentId: county._id, ancestors: [county._id, townId], gridLevel: 1 });
    t.branches.forEach((bname) => {
      branchNo++;
      const bid = `b${pad(branchNo)}`;
      const branch = org({
        _id: bid,
        name: bname,
        type: 'branch',
        parentId: town._id,
        ancestors: [...town.ancestors, bid],
        gridLevel: 2,
        dedicationDay: ((branchNo * 5) % 28) + 1,
        inviteCode: Math.floor(rnd() * 36 ** 6)
          .toString(36)
          .toUpperCase()
          .padStart(6, '0'),
        temporary: bname.includes('临时'),
        contact: `0371-6${pad(branchNo, 3)}${pad(ti, 4)}`,
        address: `${bname.replace('党支部', '')}党群服务中心`,
      });
      const groups = [1, 2, 3].map((g) =>
        org({
          _id: `${bid}g${g}`,
          name: `第${'一二三'[g - 1]}党小组（${g}号网格）`,
          type: 'group',
          parentId: bid,
          ancestors: [...branch.ancestors, `${bid}g${g}`],
          gridLevel: 3,
        }),
      );
      for (let i = 0; i < membersPerBranch; i++) {
        const group = groups[i % groups.length];
        const roles: RoleGrant[] = [];
        if (i === 0) roles.push({ role: 'secretary', orgId: bid });
        if (i === 1) roles.push({ role: 'gridLeader', orgId: group._id });
        const m = newMember(branch, group, roles);
        if (i === 0) {
          bind(`demo-secretary-${bid}`, m);
          branch.firstResponsibleId = m._id;
        }
        if (i === 1) {
          bind(`demo-grid-${group._id}`, m);
          group.directResponsibleId = m._id;
        }
        if (i === 2 && branchNo <= 6) bind(`demo-member-${bid}`, m);
      }
    });
    // a town org admin and a town store keeper, members of the town's first branch
    const firstBranch = orgs.find((o) => o.parentId === townId && o.type === 'branch')!;
    bind(`demo-admin-${townId}`, newMember(firstBranch, null, [{ role: 'orgAdmin', orgId: townId }]));
    bind(`demo-keeper-${townId}`, newMember(firstBranch, null, [{ role: 'storeKeeper', orgId: townId }]));
  });
  // the county organization department
  const b01 = orgs.find((o) => o._id === 'b01')!;
  bind('demo-admin-county', newMember(b01, null, [{ role: 'countyAdmin', orgId: COUNTY_ID }]));

  const rules = DEFAULT_RULES.map((r) => ({
    _id: `${r.code}@1`,
    ...r,
    version: 1,
    scopeOrgId: COUNTY_ID,
    status: 'active',
    activeFrom: CREATED,
    activeTo: null,
    createdAt: CREATED,
  }));
  return { orgs, members, rules };
}
