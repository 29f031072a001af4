import type { EventType } from '../../core/contracts/events';
import { cappedDraft, checkinDraft, newCheckinDoc, recordOf } from '../../core/domain/events/checkin';
import { ruleSnapshot, type CheckinDoc, type EventDoc } from '../../core/domain/events/event';
import type { MemberDoc, OrgDoc } from '../../core/domain/org/model';
import { applyDecision, decideEntry, type BalanceDoc, type EntryDraft, type LedgerEntry } from '../../core/domain/points/ledger';
import type { RuleDoc } from '../../core/domain/points/rule';
import { chinaTime } from '../../core/domain/time';
import type { Store } from '../../emulator/store/store';

/**
 * Demo events, deterministic (fixed dates in 2026, no randomness):
 * - 樱桃沟项目临时党支部 (b12: its dedication day is the 5th) dedication days (奉献日) in
 *   August–December 2026, 09:00–11:00 on the project site; August–November with check-ins of
 *   about two thirds of the branch, credited DEDICATION_DAY through the ledger's own decision
 *   on top of any balance already seeded (so `ledger.audit` shows zero drift), one offline and
 *   one by proxy (the b12g2 grid leader). b12 because no other area's tests use its members
 *   (their exact balances would change); demo-secretary-b12 sees its attendance and monthly view;
 * - 青年路社区党支部 (b01): its December dedication day (the 6th);
 * - three "always open" demo events whose window runs from 2026-01-01 to 2027-12-31, so the QR
 *   page and scanning can be tried whenever the local cloud is started: a b01 theme day
 *   (ACTIVITY_DAY), the same with a geofence around the service centre (asks for the location),
 *   and a 青年路街道 (t1) volunteer service with check-out (VOLUNTEER_HOUR per hour).
 * Demo secrets are derived from the event id: local demo data only, never a real env.
 */
const CREATED = chinaTime('2026-08-01 10:00:00');
const OPEN_FROM = chinaTime('2026-01-01 00:00:00');
const OPEN_TO = chinaTime('2027-12-31 23:00:00');
const PLACE = { name: '青年路社区党群服务中心' };
const GEOFENCE = { lat: 34.7566, lng: 113.6496, radiusM: 300 };

export async function seedEvents(store: Store): Promise<void> {
  const byOpenid = (openid: string) => (store.find('members', { openid }, { limit: 1 }) as unknown as MemberDoc[])[0];
  const secretary = byOpenid('demo-secretary-b01');
  const siteSecretary = byOpenid('demo-secretary-b12');
  const leader = byOpenid('demo-grid-b12g2');
  const townAdmin = byOpenid('demo-admin-t1');
  const b01 = store.getById('orgs', 'b01') as unknown as OrgDoc | null;
  const b12 = store.getById('orgs', 'b12') as unknown as OrgDoc | null;
  const t1 = store.getById('orgs', 't1') as unknown as OrgDoc | null;
  if (!secretary || !siteSecretary || !leader || !townAdmin || !b01 || !b12 || !t1 || store.getById('events', 'DEMOOPENB01')) return;
  const rules = new Map((store.find('rules', { status: 'active' }, { limit: 1000 }) as unknown as RuleDoc[]).map((r) => [r.code, r]));
  const snap = (code: string | null) => (code && rules.get(code) ? ruleSnapshot(rules.get(code)!) : null);

  const event = (id: string, type: EventType, title: string, org: OrgDoc, by: MemberDoc, startAt: Date, endAt: Date, over: Partial<EventDoc> = {}): EventDoc => ({
    _id: id,
    type,
    title,
    orgId: org._id,
    orgName: org.name,
    ancestors: org.ancestors,
    scopeOrgId: org._id,
    scopeName: org.name,
    startAt,
    endAt,
    earlyMinutes: 30,
    lateMinutes: 30,
    place: PLACE,
    geofence: null,
    rule: null,
    hoursRule: null,
    capacity: null,
    checkoutRequired: false,
    secret: `demo-secret-${id}`,
    status: 'open',
    closedAt: null,
    closeReason: null,
    note: '',
    createdBy: by._id,
    createdByName: by.name,
    fingerprint: `seed:${id}`,
    createdAt: CREATED,
    ...over,
  });

  const dedicationDay = (org: OrgDoc, by: MemberDoc, month: string, place: { name: string }) => {
    const d = `${month}-${String(org.dedicationDay ?? 1).padStart(2, '0')}`;
    return event(
      `DEMO${org._id.toUpperCase()}D${month.replace('-', '').slice(2)}`,
      'dedication',
      `${Number(month.slice(5))}月党员奉献日`,
      org,
      by,
      chinaTime(`${d} 09:00:00`),
      chinaTime(`${d} 11:00:00`),
      {
        rule: snap('DEDICATION_DAY'),
        place,
        note: '便民服务：义诊、理发、家电维修、政策宣讲',
      },
    );
  };
  const dedication = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12'].map((m) => dedicationDay(b12, siteSecretary, m, { name: '樱桃沟项目部党员活动室' }));
  dedication.push(dedicationDay(b01, secretary, '2026-12', PLACE));
  const open = [
    event('DEMOOPENB01', 'themeDay', '演示：主题党日（长期开放签到）', b01, secretary, OPEN_FROM, OPEN_TO, { rule: snap('ACTIVITY_DAY'), note: '本地演示活动：随时可打开签到码、扫码签到' }),
    event('DEMOGEOB01', 'themeDay', '演示：需定位的签到（300 米内）', b01, secretary, OPEN_FROM, OPEN_TO, { rule: snap('ACTIVITY_DAY'), geofence: GEOFENCE, note: '本地演示活动：签到时需获取位置' }),
    event('DEMOVOLT1', 'volunteer', '演示：常态化志愿服务（签到 + 签退）', t1, townAdmin, OPEN_FROM, OPEN_TO, {
      hoursRule: snap('VOLUNTEER_HOUR'),
      checkoutRequired: true,
      place: { name: '青年路街道新时代文明实践站' },
    }),
  ];
  await store.insert('events', [...dedication, ...open]).durable;

  // check-ins at the past dedication days: branch members by a fixed pattern
  const members = (store.find('members', { branchId: 'b12', status: 'active' }, { limit: 1000, order: { _id: 1 } }) as unknown as MemberDoc[]).filter((m) => m.groupId);
  const perMember = new Map<string, { m: MemberDoc; drafts: EntryDraft[]; docs: CheckinDoc[] }>();
  dedication.slice(0, 4).forEach((e, k) => {
    members.forEach((m, i) => {
      if ((i * 7 + k * 3) % 10 >= 7) return;
      const at = new Date(+e.startAt + ((i * 37 + k * 11) % 50) * 60_000);
      const proxy = k === 2 && i === 5 ? { byId: leader._id, byName: leader.name, reason: '老党员未带手机' } : null;
      const offline = k === 1 && i === 3;
      const facts = { at, offline, distanceM: null, proxy };
      // the offline scan was confirmed by the secretary that evening (its entry's actor)
      const draft = checkinDraft(e, m, facts, proxy ? proxy.byId : offline ? siteSecretary._id : m._id)!;
      const received = offline ? new Date(+at + 40 * 60_000) : at;
      const review = offline ? { checkinReview: 'confirmed' as const, reviewedBy: { id: siteSecretary._id, name: siteSecretary.name }, reviewedAt: new Date(+at + 3 * 3600_000) } : {};
      const doc = { ...newCheckinDoc(e, m, facts, received), ...review };
      const slot = perMember.get(m._id) ?? { m, drafts: [], docs: [] };
      slot.drafts.push(draft);
      slot.docs.push(doc);
      perMember.set(m._id, slot);
    });
  });

  // as events.checkin keeps them: each check-in on its ledger entry (0 points once the cap is full)
  const checkins: CheckinDoc[] = [];
  for (const { m, drafts, docs } of perMember.values()) {
    let balance = store.getById('balances', m._id) as unknown as BalanceDoc | null;
    const entries: LedgerEntry[] = [];
    drafts.forEach((d, n) => {
      if (store.getById('ledger', d.key)) return;
      let decision = decideEntry(balance, d);
      const capped = !decision.ok;
      if (!decision.ok) decision = decideEntry(balance, cappedDraft(d));
      if (!decision.ok) return;
      balance = applyDecision(balance, decision);
      entries.push({ ...decision.entry, checkin: recordOf({ ...docs[n], capped }) } as LedgerEntry);
    });
    if (entries.length && balance) {
      await store.insert('ledger', entries).durable;
      const { _id, ...doc } = balance;
      await store.setById('balances', _id, doc).durable;
    }
  }
  // one offline scan of the November day nobody has reviewed yet: the secretary's attendance page lists it
  const nov = dedication[3];
  const late = members.find((m, i) => (i * 7 + 3 * 3) % 10 >= 7);
  if (late) {
    const at = new Date(+nov.startAt + 12 * 60_000);
    checkins.push(newCheckinDoc(nov, late, { at, offline: true, distanceM: null, proxy: null }, new Date(+at + 35 * 60_000)));
  }
  if (checkins.length) await store.insert('checkins', checkins).durable;
}
