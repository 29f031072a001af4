import type { MemberDoc } from '../../core/domain/org/model';
import { claimEntryDraft, newClaim, type ClaimDoc } from '../../core/domain/points/claims';
import { applyDecision, decideEntry, emptyBalance, type BalanceDoc, type LedgerEntry } from '../../core/domain/points/ledger';
import type { RuleDoc } from '../../core/domain/points/rule';
import { chinaTime } from '../../core/domain/time';
import type { AuditDoc } from '../../core/domain/audit';
import type { Store } from '../../emulator/store/store';

/**
 * Demo claims for 青年路社区党支部 (b01): 40 claims waiting in its secretary's review queue
 * (members m0011–m0025 and the demo member, some reported by the b01g2 grid leader on their
 * behalf), and for the demo member (demo-member-b01) a history of approved, rejected and
 * withdrawn claims whose ledger entries are computed by the ledger's own decision on top of
 * any balance already seeded, so `ledger.audit` shows zero drift. Deterministic: fixed dates
 * in autumn 2026. Photos of seeded claims point at files that are not in storage (the review
 * page shows a placeholder for them). Then every member without a balance gets an empty one.
 */
const NOTES: Record<string, string[]> = {
  DUTY_FULFILLED: ['按时交纳本季度党费', '参加支部集中学习并提交心得', '完成"两学一做"学习任务', '参加党员冬训学习'],
  VANGUARD: ['协助社区做好老旧小区改造入户宣传', '暴雨后连夜参与排涝抢险', '带头参与背街小巷环境整治', '疫情防控卡点值守'],
  PIONEER_POST: ['在党员先锋岗值守半天，接待群众咨询', '楼院"形象岗"值守，调解邻里纠纷', '责任区巡查并劝导占道经营'],
  DEDICATION_LOG: ['奉献日当天在岗，自行到便民点为老人理发', '补登奉献日服务：陪同独居老人就医', '为困难党员家庭义务维修水电'],
  GRID_ISSUE_REPORTED: ['发现楼道堆放杂物存在消防隐患', '报告路灯损坏一处', '发现小区围墙开裂'],
};

const photoId = (n: number): string => `cloud://local.6c6f-local-1300000000/evidence/demo/claim-${n}.jpg`;

export async function seedPoints(store: Store): Promise<void> {
  const byOpenid = (openid: string) => (store.find('members', { openid }, { limit: 1 }) as unknown as MemberDoc[])[0];
  const secretary = byOpenid('demo-secretary-b01');
  const leader = byOpenid('demo-grid-b01g2');
  const demo = byOpenid('demo-member-b01');
  if (!secretary || !leader || !demo) return openBalances(store);
  const rules = new Map((store.find('rules', { status: 'active' }, { limit: 1000 }) as unknown as RuleDoc[]).map((r) => [r.code, r]));
  const member = (id: string) => store.getById('members', id) as unknown as MemberDoc;

  const claims: ClaimDoc[] = [];
  const addClaim = (n: number, m: MemberDoc, code: string, at: Date, reporter: MemberDoc = m): ClaimDoc => {
    const rule = rules.get(code)!;
    const notes = NOTES[code];
    const note = notes[n % notes.length];
    const photos = rule.evidence === 'photo' ? [photoId(n)] : [];
    const c = newClaim({ id: `c-demo-${String(n).padStart(3, '0')}`, member: m, reporter: { id: reporter._id, name: reporter.name }, rule, note, photos, at });

    claims.push(c);
    return c;
  };

  // 40 pending, oldest 2026-11-02, one every ~12 hours; every 5th reported by the grid leader for a member of b01g2
  const claimants = ['m0003', ...Array.from({ length: 15 }, (_, i) => `m${String(11 + i).padStart(4, '0')}`)];
  const g2 = claimants.filter((id) => member(id)?.groupId === leader.groupId);
  const codes = ['DUTY_FULFILLED', 'VANGUARD', 'PIONEER_POST', 'DEDICATION_LOG'];
  for (let i = 0; i < 40; i++) {
    const at = new Date(chinaTime('2026-11-02 08:30:00').getTime() + i * 12 * 3600_000 + (i % 7) * 600_000);
    if (i % 5 === 4 && g2.length) addClaim(i, member(g2[Math.floor(i / 5) % g2.length]), 'GRID_ISSUE_REPORTED', at, leader);
    // a member's claims are under different rules, so the queue can be approved within the caps
    else addClaim(i, member(claimants[i % claimants.length]), codes[(i + Math.floor(i / claimants.length)) % codes.length], at);
  }

  // the demo member's history: approved, rejected and withdrawn claims
  const decide = (c: ClaimDoc, status: ClaimDoc['status'], at: Date, reason: string | null = null) => {
    Object.assign(c, { status, decidedAt: at, decidedBy: status === 'withdrawn' ? c.memberId : secretary._id, deciderName: status === 'withdrawn' ? c.memberName : secretary.name, reason });
  };
  const history: [string, string, string, ClaimDoc['status'], string?][] = [
    ['DUTY_FULFILLED', '2026-09-03 09:00:00', '2026-09-04 10:00:00', 'approved'],
    ['VANGUARD', '2026-09-12 18:20:00', '2026-09-13 09:30:00', 'approved'],
    ['PIONEER_POST', '2026-09-20 16:00:00', '2026-09-21 11:00:00', 'rejected', '照片无法看出值守内容，请补充现场照片'],
    ['DEDICATION_LOG', '2026-10-08 17:00:00', '2026-10-09 09:00:00', 'approved'],
    ['DUTY_FULFILLED', '2026-10-10 09:00:00', '2026-10-10 15:00:00', 'approved'],
    ['VANGUARD', '2026-10-18 20:00:00', '2026-10-19 08:00:00', 'withdrawn'],
    ['PIONEER_POST', '2026-10-24 12:00:00', '2026-10-25 10:00:00', 'approved'],
    ['VANGUARD', '2026-11-06 19:00:00', '2026-11-07 09:00:00', 'approved'],
    ['DEDICATION_LOG', '2026-11-12 17:30:00', '2026-11-13 10:00:00', 'rejected', '本月已登记奉献日服务'],
  ];
  const decided = history.map(([code, submitted, decidedAt, status, reason], i) => {
    const c = addClaim(100 + i, demo, code, chinaTime(submitted));
    decide(c, status, chinaTime(decidedAt), reason ?? null);
    return c;
  });

  // credit the approved ones the way points.claims.approve does
  let balance = store.getById('balances', demo._id) as unknown as BalanceDoc | null;
  const entries: LedgerEntry[] = [];
  const audits: AuditDoc[] = [];
  for (const c of decided.filter((x) => x.status === 'approved')) {
    const d = claimEntryDraft(c, secretary._id, c.decidedAt!);
    const decision = decideEntry(balance, d);
    if (!decision.ok) {
      decide(c, 'rejected', c.decidedAt!, '已达到该积分项目的周期上限');
      continue;
    }
    balance = applyDecision(balance, decision);
    entries.push(decision.entry);
    c.entryId = decision.entry._id;
    audits.push({
      _id: `aud:seed-points:${c._id}`,
      actorId: secretary._id,
      actorName: secretary.name,
      role: 'secretary',
      action: 'points.claims.approve',
      targetType: 'claim',
      targetId: c._id,
      ancestors: c.ancestors,
      before: { status: 'pending' },
      after: { status: 'approved', entryId: decision.entry._id, eval: decision.entry.eval, redeem: decision.entry.redeem },
      reason: '',
      requestId: 'seed-points',
      at: c.decidedAt!,
    });
  }
  await store.insert('claims', claims).durable;
  if (entries.length && balance) {
    await store.insert('ledger', entries).durable;
    await store.insert('audit', audits).durable;
    const { _id, ...doc } = balance;
    await store.setById('balances', _id, doc).durable;
  }
  await openBalances(store);
}

/**
 * Every roster member has a balance document from the day they join (the roster import opens
 * one with each new member), placed where the member is: an award checks its scope on it
 * without reading the member (docs/flows/ledger.md). Members already credited above keep theirs.
 */
async function openBalances(store: Store): Promise<void> {
  const members = store.find('members', {}, { limit: 1_000_000 }) as unknown as MemberDoc[];
  const missing = members.filter((m) => !store.getById('balances', m._id)).map((m) => emptyBalance(m._id, m.ancestors));
  if (missing.length) await store.insert('balances', missing as unknown as Record<string, unknown>[]).durable;
}
