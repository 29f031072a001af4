import { jest } from '@jest/globals';
import type { BalanceResult, ClaimView, LedgerItem, LedgerListResult, RuleView } from '../../../core/contracts/points';
import type { PageHandle } from '../harness';

/** Types into a TDesign t-input or t-textarea (the inner control fires `input`, the component emits `change`). */
export async function typeInto(page: PageHandle, hostSelector: string, value: string): Promise<void> {
  const control = page.find(`${hostSelector} >>> .t-input__control`) ?? page.find(`${hostSelector} >>> .t-textarea__wrapper-inner`);
  if (!control) throw new Error(`no t-input / t-textarea at ${hostSelector}`);
  control.dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await page.flush();
}

/** wx APIs the points pages use beyond tests/pages/setup-wx.ts, installed as jest mocks. */
export function mockWx(apis: Record<string, (...a: never[]) => unknown>): Record<string, jest.Mock> {
  const out: Record<string, jest.Mock> = {};
  for (const [name, impl] of Object.entries(apis)) {
    out[name] = jest.fn(impl as (...a: unknown[]) => unknown);
    (wx as unknown as Record<string, unknown>)[name] = out[name];
  }
  return out;
}

// ---- replies shaped like the points function's (core/contracts/points.ts) ----

const at = '2026-11-23T02:00:00.000Z'; // 10:00 China time

export function rule(over: Partial<RuleView> & Pick<RuleView, 'code' | 'name'>): RuleView {
  return {
    id: `${over.code}@1`,
    version: 1,
    category: 'vanguard',
    evalPoints: 5,
    redeemPoints: 5,
    trigger: 'claim',
    caps: {},
    evidence: 'none',
    approverRole: 'secretary',
    description: '',
    scopeOrgId: 'county',
    status: 'active',
    activeFrom: '2026-01-01T00:00:00.000Z',
    activeTo: null,
    ...over,
  };
}

export const catalog: RuleView[] = [
  rule({ code: 'DUTY_FULFILLED', name: '履行党员义务', category: 'duty', evalPoints: 2, redeemPoints: 0, caps: { month: 1 }, description: '按时交纳党费、参加学习等基本义务' }),
  rule({ code: 'VANGUARD', name: '发挥先锋模范作用', evidence: 'photo', caps: { month: 2 } }),
  rule({ code: 'DEDICATION_DAY', name: '党员奉献日服务', category: 'dedication', trigger: 'qr-checkin', caps: { month: 1 } }),
  rule({ code: 'GRID_ISSUE_REPORTED', name: '网格问题上报', category: 'grid', evalPoints: 1, redeemPoints: 1, trigger: 'grid-report', evidence: 'photo', caps: { day: 3, month: 20 } }),
  rule({ code: 'CRITICISM', name: '受到通报批评', category: 'violation', evalPoints: -10, redeemPoints: 0, trigger: 'award' }),
];

export const balance: BalanceResult = { memberId: 'm0005', eval: 42, redeem: 17, updatedAt: at, expiry: { date: '2026-12-31', points: 17 } };

export function entry(over: Partial<LedgerItem> & Pick<LedgerItem, 'id'>): LedgerItem {
  return { at, eval: 5, redeem: 5, ruleId: 'VANGUARD@1', ruleCode: 'VANGUARD', ruleName: '发挥先锋模范作用', ruleVersion: 1, source: { type: 'claim', id: 'c1' }, note: '', reversalOf: null, ...over };
}

export const ledgerPage: LedgerListResult = {
  items: [
    entry({ id: 'clm:c1', note: '暴雨后参与排涝' }),
    entry({ id: 'ord:o1', eval: 0, redeem: -8, ruleId: 'STORE_REDEMPTION@1', ruleCode: 'STORE_REDEMPTION', ruleName: '积分超市兑换', source: { type: 'order', id: 'o1' } }),
    entry({ id: 'awd:a1', eval: -10, redeem: 0, ruleId: 'CRITICISM@1', ruleCode: 'CRITICISM', ruleName: '受到通报批评', source: { type: 'award', id: 'a1' }, note: '会议无故缺席' }),
  ],
  nextOffset: null,
};

export function claim(over: Partial<ClaimView> & Pick<ClaimView, 'id'>): ClaimView {
  return {
    memberId: 'm0005',
    memberName: '李建华',
    branchId: 'b01',
    rule: { id: 'VANGUARD@1', code: 'VANGUARD', name: '发挥先锋模范作用', version: 1, evalPoints: 5, redeemPoints: 5, evidence: 'photo' },
    note: '协助社区做好老旧小区改造入户宣传',
    photos: ['cloud://env.bucket/evidence/m0005/a.jpg'],
    photoUrls: ['https://tmp.example/a.jpg'],
    onBehalf: false,
    reporterId: 'm0005',
    reporterName: '李建华',
    status: 'pending',
    createdAt: at,
    decidedAt: null,
    deciderName: null,
    reason: null,
    entryId: null,
    ...over,
  };
}
