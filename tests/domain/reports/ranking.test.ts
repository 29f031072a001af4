import { describe, expect, it } from '@jest/globals';
import { competitionRanks, histogramOf, moveInHistogram, orgFigures, rankOrgs, standingIn } from '../../../core/domain/reports/ranking';
import { buildSnapshots, countySnapshot, exclusionOf, townPart } from '../../../core/domain/reports/snapshot';

describe('competition ranking', () => {
  it('gives ties one rank and skips the places they took (1-2-2-4)', () => {
    const r = competitionRanks([
      { id: 'd', total: 10 },
      { id: 'a', total: 30 },
      { id: 'c', total: 20 },
      { id: 'b', total: 20 },
      { id: 'e', total: 10 },
      { id: 'f', total: -3 },
    ]);
    expect(r.map((x) => [x.id, x.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
      ['e', 4],
      ['f', 6],
    ]);
  });

  it('ranks everyone 1 when nobody has points', () => {
    expect(
      competitionRanks([
        { id: 'x', total: 0 },
        { id: 'y', total: 0 },
      ]).map((x) => x.rank),
    ).toEqual([1, 1]);
    expect(competitionRanks([])).toEqual([]);
  });
});

describe('standing from a histogram', () => {
  const h = histogramOf([30, 20, 20, 10, 5, 0]);

  it('answers the same rank as the full list, the percentile and the points to the next rank', () => {
    expect(h).toEqual([
      [30, 1],
      [20, 2],
      [10, 1],
      [5, 1],
      [0, 1],
    ]);
    expect(standingIn(h, 20)).toEqual({ rank: 2, of: 6, tiedWith: 1, percentile: 50, toNext: 10 });
    expect(standingIn(h, 30)).toEqual({ rank: 1, of: 6, tiedWith: 0, percentile: 83, toNext: null });
    expect(standingIn(h, 0)).toEqual({ rank: 6, of: 6, tiedWith: 0, percentile: 0, toNext: 5 });
  });

  it('moves one holder to a new total (a live total against an older histogram)', () => {
    const moved = moveInHistogram(h, 30, 0);
    expect(standingIn(moved, 0)).toMatchObject({ rank: 5, of: 6, tiedWith: 1 });
    expect(standingIn(moveInHistogram(h, null, 12), 12)).toMatchObject({ rank: 4, of: 7 });
  });

  it('agrees with competitionRanks for every member of a random list', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `m${i}`, total: Math.floor(rnd() * 40) - 5 }));
    const hist = histogramOf(rows.map((r) => r.total));
    for (const r of competitionRanks(rows)) expect(standingIn(hist, r.total).rank).toBe(r.rank);
  });
});

describe('org figures', () => {
  it('ranks orgs per capita so a big branch does not win by size, participation beside', () => {
    const big = { id: 'big', ...orgFigures([10, 0, 0, 0, 0, 0, 0, 0, 0, 10]) };
    const small = { id: 'small', ...orgFigures([5, 5]) };
    expect(big).toMatchObject({ members: 10, sum: 20, perCapita: 2, participation: 20 });
    expect(rankOrgs([big, small]).map((o) => [o.id, o.rank])).toEqual([
      ['small', 1],
      ['big', 2],
    ]);
    expect(orgFigures([])).toEqual({ members: 0, participants: 0, sum: 0, perCapita: 0, participation: 0 });
  });
});

describe('snapshots', () => {
  const orgs = [
    { _id: 'c', name: '县', type: 'county' as const, parentId: null, ancestors: ['c'] },
    { _id: 't', name: '镇', type: 'town' as const, parentId: 'c', ancestors: ['c', 't'] },
    { _id: 'b1', name: '一支部', type: 'branch' as const, parentId: 't', ancestors: ['c', 't', 'b1'] },
    { _id: 'b2', name: '二支部', type: 'branch' as const, parentId: 't', ancestors: ['c', 't', 'b2'] },
  ];
  const mem = (id: string, b: string, extra: Partial<{ flow: boolean; status: string }> = {}) => ({
    _id: id,
    name: id,
    branchId: b,
    ancestors: ['c', 't', b],
    flow: false,
    status: 'active',
    ...extra,
  });
  const build = (excluded: ('flow' | 'ill' | 'elderly' | 'other' | 'suspended')[] = ['ill']) =>
    buildSnapshots({
      period: 'month:2026-11',
      asOf: new Date('2026-11-30T00:00:00Z'),
      final: false,
      orgs,
      members: [mem('a', 'b1'), mem('b', 'b1'), mem('c', 'b1', { flow: true }), mem('d', 'b2'), mem('e', 'b2', { status: 'transferred' }), mem('f', 'b2', { status: 'suspended' })],
      totals: new Map([
        ['a', 10],
        ['b', 4],
        ['c', 4],
        ['d', 9],
        ['e', 50],
        ['f', 3],
      ]),
      marked: new Map([['b', 'ill' as const]]),
      excludedCategories: excluded,
      topSize: 2,
      bottomSize: 1,
    });

  it('lists excluded members apart with their category and leaves members who left out', () => {
    const s = new Map(build().map((d) => [d.orgId, d]));
    expect(s.get('b1')!.top.map((r) => r.memberId)).toEqual(['a', 'c']);
    expect(s.get('b1')!.excluded.map((r) => [r.memberId, r.category])).toEqual([['b', 'ill']]);
    expect(s.get('b2')!.excluded.map((r) => [r.memberId, r.category])).toEqual([['f', 'suspended']]);
    expect(s.get('t')!).toMatchObject({ excludedCount: 2, excluded: [] });
    expect(s.get('t')!.top.map((r) => [r.memberId, r.rank])).toEqual([
      ['a', 1],
      ['d', 2],
    ]);
    expect(s.get('t')!.bottom.map((r) => r.memberId)).toEqual(['c']);
    expect(s.get('t')!.histogram).toEqual([
      [10, 1],
      [9, 1],
      [4, 1],
    ]);
    expect(s.get('c')!.orgs.map((o) => [o.orgId, o.rank, o.perCapita])).toEqual([
      ['t', 1, 7.67],
      ['b2', 1, 9],
      ['b1', 2, 7],
    ]);
  });

  it('excludes 流动党员 only when the county chooses to', () => {
    expect(exclusionOf(mem('c', 'b1', { flow: true }), new Map(), ['ill'])).toBeNull();
    expect(exclusionOf(mem('c', 'b1', { flow: true }), new Map(), ['flow'])).toBe('flow');
    const s = new Map(build(['ill', 'flow']).map((d) => [d.orgId, d]));
    expect(s.get('b1')!.top.map((r) => r.memberId)).toEqual(['a']);
  });

  it('hashes the content only, so an unchanged ranking is not written again', () => {
    const a = build();
    const b = buildSnapshots({
      period: 'month:2026-11',
      asOf: new Date(),
      final: false,
      orgs,
      members: [],
      totals: new Map(),
      marked: new Map(),
      excludedCategories: [],
      topSize: 2,
      bottomSize: 1,
    });
    expect(a.map((d) => d.hash)).toEqual(build().map((d) => d.hash));
    expect(a[0].hash).not.toBe(b[0].hash);
  });
});

describe('the county from its towns', () => {
  it('builds the same county snapshot from the towns\u2019 parts as from every member', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const orgs = [{ _id: 'c', name: '县', type: 'county' as const, parentId: null, ancestors: ['c'] }];
    for (let t = 0; t < 4; t++) {
      orgs.push({ _id: `t${t}`, name: `镇${t}`, type: 'town' as never, parentId: 'c' as never, ancestors: ['c', `t${t}`] });
      for (let b = 0; b < 5; b++) orgs.push({ _id: `t${t}b${b}`, name: `支部${t}${b}`, type: 'branch' as never, parentId: `t${t}` as never, ancestors: ['c', `t${t}`, `t${t}b${b}`] });
    }
    const branches = orgs.filter((o) => o.type === ('branch' as never));
    const members = Array.from({ length: 600 }, (_, i) => {
      const b = branches[Math.floor(rnd() * branches.length)];
      return { _id: `m${String(i).padStart(4, '0')}`, name: `m${i}`, branchId: b._id, ancestors: b.ancestors, flow: false, status: rnd() < 0.02 ? 'suspended' : 'active' };
    });
    const totals = new Map(members.map((m) => [m._id, Math.floor(rnd() * 30) - 3]));
    const common = { period: 'month:2026-11', asOf: new Date('2026-12-01T00:00:00Z'), final: true, totals, marked: new Map(), excludedCategories: [] as never[], topSize: 10, bottomSize: 5 };
    const whole = buildSnapshots({ ...common, orgs, members }).find((d) => d.orgId === 'c')!;
    const towns = orgs.filter((o) => o.type === ('town' as never));
    const parts = towns.map((t) =>
      townPart(buildSnapshots({ ...common, orgs: orgs.filter((o) => o.ancestors.includes(t._id)), members: members.filter((m) => m.ancestors.includes(t._id)) }).find((d) => d.orgId === t._id)!),
    );
    const merged = countySnapshot(orgs[0], towns, parts, common);
    for (const k of ['histogram', 'top', 'bottom', 'figures', 'excludedCount'] as const) expect([k, merged[k]]).toEqual([k, whole[k]]);
    expect(merged.orgs.map((o) => [o.orgId, o.rank, o.perCapita])).toEqual(whole.orgs.map((o) => [o.orgId, o.rank, o.perCapita]));
  });

  it('counts members placed directly under the county, outside any town, as one more part', () => {
    const orgs = [
      { _id: 'c', name: '县', type: 'county' as const, parentId: null as string | null, ancestors: ['c'] },
      { _id: 't0', name: '镇0', type: 'town' as const, parentId: 'c', ancestors: ['c', 't0'] },
      { _id: 't0b0', name: '镇支部', type: 'branch' as const, parentId: 't0', ancestors: ['c', 't0', 't0b0'] },
      { _id: 'cb0', name: '县直机关支部', type: 'branch' as const, parentId: 'c', ancestors: ['c', 'cb0'] },
    ];
    const member = (id: string, b: (typeof orgs)[number]) => ({ _id: id, name: id, branchId: b._id, ancestors: b.ancestors, flow: false, status: 'active' });
    const members = [member('m1', orgs[2]), member('m2', orgs[2]), member('d1', orgs[3]), member('d2', orgs[3]), member('d3', orgs[3])];
    const totals = new Map([
      ['m1', 5],
      ['m2', 1],
      ['d1', 9],
      ['d2', 0],
      ['d3', 3],
    ]);
    const common = { period: 'month:2026-11', asOf: new Date('2026-12-01T00:00:00Z'), final: true, totals, marked: new Map(), excludedCategories: [] as never[], topSize: 10, bottomSize: 5 };
    const whole = buildSnapshots({ ...common, orgs, members }).find((d) => d.orgId === 'c')!;
    const townPartOf = townPart(buildSnapshots({ ...common, orgs: orgs.slice(1, 3), members: members.slice(0, 2) }).find((d) => d.orgId === 't0')!);
    // the job's county-direct unit: the county and its direct branches, the members under no town
    const direct = townPart(buildSnapshots({ ...common, orgs: [orgs[0], orgs[3]], members: members.slice(2) }).find((d) => d.orgId === 'c')!);
    const merged = countySnapshot(orgs[0], [orgs[1]], [townPartOf, direct], common);
    for (const k of ['histogram', 'top', 'bottom', 'figures', 'excludedCount'] as const) expect([k, merged[k]]).toEqual([k, whole[k]]);
    expect(merged.figures.members).toBe(5);
    expect(merged.top[0]).toMatchObject({ memberId: 'd1', rank: 1 });
    expect(merged.orgs.map((o) => [o.orgId, o.rank, o.perCapita]).sort()).toEqual(whole.orgs.map((o) => [o.orgId, o.rank, o.perCapita]).sort());
    expect(merged.orgs.filter((o) => o.type === 'town').map((o) => o.orgId)).toEqual(['t0']);
  });
});
