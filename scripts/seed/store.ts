import type { Role } from '../../core/contracts/roles';
import type { MemberDoc } from '../../core/domain/org/model';
import { applyDecision, decideEntry, type BalanceDoc, type EntryDraft, type LedgerEntry } from '../../core/domain/points/ledger';
import type { RuleDoc } from '../../core/domain/points/rule';
import { DEFAULT_EXPIRE_DAYS, type StoreItemDoc } from '../../core/domain/store/item';
import { initialShards, type StockShardDoc } from '../../core/domain/store/stock';
import { chinaTime } from '../../core/domain/time';
import type { AuditDoc } from '../../core/domain/audit';
import type { Store } from '../../emulator/store/store';

/**
 * Demo points stores: 青年路街道 (t1) and its 青年路社区 branch (b01) stock daily goods and
 * services, and some b01 members have redeemable points to spend, earned through proper ledger
 * entries (每月之星 awards, 县级表彰) with their balances computed by the ledger's own decision,
 * so `ledger.audit` shows zero drift. Deterministic: fixed dates in 2026.
 */
const CREATED = chinaTime('2026-01-01 09:00:00');

type DemoItem = Pick<StoreItemDoc, 'name' | 'description' | 'cost' | 'limit'> & { key: string; stock: number };

const T1_ITEMS: DemoItem[] = [
  { key: 'rice', name: '大米5kg', description: '东北大米，5 公斤装', cost: 50, stock: 20, limit: { count: 1, period: 'month' } },
  { key: 'detergent', name: '洗衣液', description: '2kg 装', cost: 20, stock: 30, limit: { count: 2, period: 'month' } },
  { key: 'oil', name: '食用油', description: '花生油 1.8L', cost: 40, stock: 10, limit: { count: 1, period: 'month' } },
  { key: 'haircut', name: '理发服务', description: '街道党群服务中心理发室，凭取货码到店', cost: 10, stock: 50, limit: { count: 2, period: 'month' } },
];
const B01_ITEMS: DemoItem[] = [
  { key: 'towel', name: '毛巾', description: '纯棉毛巾两条', cost: 8, stock: 40, limit: { count: 2, period: 'month' } },
  { key: 'soap', name: '香皂', description: '', cost: 6, stock: 30, limit: null },
  { key: 'tissue', name: '抽纸', description: '一提 6 包', cost: 10, stock: 25, limit: { count: 1, period: 'week' } },
  { key: 'haircut', name: '理发服务', description: '社区理发室，凭取货码到店', cost: 10, stock: 0, limit: { count: 1, period: 'week' } },
];

/** Members given points: the demo members of b01/b02, and a few more b01 members. */
const FUNDED = ['demo-member-b01', 'demo-member-b02', 'm0005', 'm0006', 'm0007', 'm0008'];
/** 每月之星 in these months (one a month: the rule's cap), and one county honour for some. */
const STAR_MONTHS = ['03', '04', '05', '06', '07', '08', '09', '10'];

export async function seedStore(store: Store): Promise<void> {
  const byOpenid = (openid: string) => (store.find('members', { openid }, { limit: 1 }) as unknown as MemberDoc[])[0];
  const keeper = byOpenid('demo-keeper-t1');
  const orgs = new Map((store.find('orgs', { _id: { $in: ['t1', 'b01'] } }, { limit: 2 }) as unknown as { _id: string; name: string; ancestors: string[] }[]).map((o) => [o._id, o]));
  const items: StoreItemDoc[] = [];
  const shards: StockShardDoc[] = [];
  for (const [orgId, list] of [
    ['t1', T1_ITEMS],
    ['b01', B01_ITEMS],
  ] as const) {
    const org = orgs.get(orgId)!;
    for (const it of list) {
      const _id = `itm-demo-${orgId}-${it.key}`;
      const stock = initialShards(_id, it.stock, CREATED);
      shards.push(...stock);
      items.push({
        _id,
        storeOrgId: org._id,
        storeName: org.name,
        ancestors: org.ancestors,
        scopeOrgIds: [org._id],
        name: it.name,
        description: it.description,
        picture: null,
        cost: it.cost,
        shards: stock.length,
        stockIn: it.stock,
        limit: it.limit,
        activeFrom: CREATED,
        activeTo: null,
        status: 'active',
        expireDays: DEFAULT_EXPIRE_DAYS,
        createdAt: CREATED,
        createdBy: keeper?._id ?? 'system',
        updatedAt: CREATED,
        updatedBy: keeper?._id ?? 'system',
      });
    }
  }
  await store.insert('storeItems', items).durable;
  await store.insert('stockShards', shards).durable;

  const rule = (code: string) => (store.find('rules', { code, status: 'active' }, { limit: 1 }) as unknown as RuleDoc[])[0];
  const star = rule('HONOUR_MONTH_STAR');
  const honour = rule('HONOUR_COUNTY');
  if (!star || !honour) return;
  const secretaryOf = (branchId: string) => byOpenid(`demo-secretary-${branchId}`);
  const countyAdmin = byOpenid('demo-admin-county');
  for (const [n, who] of FUNDED.entries()) {
    const m = who.startsWith('m') ? (store.getById('members', who) as unknown as MemberDoc | null) : byOpenid(who);
    const secretary = m && secretaryOf(m.branchId);
    if (!m || !secretary || !countyAdmin) continue;
    const award = (rule: RuleDoc, id: string, by: MemberDoc, role: Role, note: string, at: Date): Award => ({
      draft: { key: `awd:${id}`, memberId: m._id, ancestors: m.ancestors, eval: rule.evalPoints, redeem: rule.redeemPoints, rule, source: { type: 'award', id }, units: 1, actorId: by._id, note, at },
      by,
      role,
    });
    const awards = STAR_MONTHS.slice(n % 3).map((mm) => award(star, `seed-store-${m._id}-2026${mm}`, secretary, 'secretary', '每月之星', chinaTime(`2026-${mm}-28 10:00:00`)));
    if (n % 2 === 0) awards.push(award(honour, `seed-store-${m._id}-county`, countyAdmin, 'countyAdmin', '获得县级表彰', chinaTime('2026-10-30 10:00:00')));
    await post(store, m, awards);
  }
}

/** An award as points.awards.grant makes it: the entry, and who granted it in which role (audited). */
type Award = { draft: EntryDraft; by: MemberDoc; role: Role };

/**
 * Posts awards the way points.awards.grant does: the ledger's own decision and `applyDecision`
 * (on top of any balance already seeded, so the hash chain continues), and an audit record per award.
 */
async function post(store: Store, m: MemberDoc, awards: Award[]): Promise<void> {
  let balance = store.getById('balances', m._id) as unknown as BalanceDoc | null;
  const entries: LedgerEntry[] = [];
  const audits: AuditDoc[] = [];
  for (const { draft: d, by, role } of awards) {
    if (store.getById('ledger', d.key)) continue;
    const decision = decideEntry(balance, d);
    if (!decision.ok) continue;
    balance = applyDecision(balance, decision);
    const e = decision.entry;
    entries.push(e);
    audits.push({
      _id: `aud:seed-store:${e._id}`,
      actorId: by._id,
      actorName: by.name,
      role,
      action: 'points.awards.grant',
      targetType: 'member',
      targetId: m._id,
      ancestors: m.ancestors,
      before: null,
      after: { entryId: e._id, rule: e.ruleId, eval: e.eval, redeem: e.redeem },
      reason: d.note ?? '',
      requestId: 'seed-store',
      at: d.at,
    });
  }
  if (!entries.length || !balance) return;
  await store.insert('ledger', entries).durable;
  await store.insert('audit', audits).durable;
  const { _id, ...doc } = balance;
  await store.setById('balances', _id, doc).durable;
}
