import type { CheckinResult, EventsListItem, EventView } from '../../../core/contracts/events';

/** Replies shaped like the events function's (core/contracts/events.ts). */
export const demoEvent: EventView = {
  id: 'EVT7K2M9QX',
  type: 'dedication',
  title: '12月党员奉献日',
  orgId: 'b01',
  orgName: '青年路社区党支部',
  scopeOrgId: 'b01',
  scopeName: '青年路社区党支部',
  startAt: '2026-12-06T01:00:00.000Z',
  endAt: '2026-12-06T03:00:00.000Z',
  earlyMinutes: 30,
  lateMinutes: 30,
  opensAt: '2026-12-06T00:30:00.000Z',
  closesAt: '2026-12-06T03:30:00.000Z',
  offlineGraceMinutes: 30,
  offlineUntil: '2026-12-06T04:00:00.000Z',
  place: { name: '青年路社区党群服务中心' },
  geofence: null,
  rule: { code: 'DEDICATION_DAY', name: '党员奉献日服务', evalPoints: 5, redeemPoints: 5 },
  hoursRule: null,
  capacity: null,
  checkoutRequired: false,
  status: 'open',
  closedAt: null,
  note: '',
  createdAt: '2026-11-20T02:00:00.000Z',
  createdByName: '张卫东',
};

export const volunteerEvent: EventView = {
  ...demoEvent,
  id: 'VOL0000001',
  type: 'volunteer',
  title: '社区志愿服务',
  rule: null,
  hoursRule: { code: 'VOLUNTEER_HOUR', name: '志愿服务（每小时）', evalPoints: 1, redeemPoints: 2 },
  checkoutRequired: true,
};

export const fencedEvent: EventView = { ...demoEvent, id: 'GEO0000001', title: '主题党日', type: 'themeDay', geofence: { lat: 34.7566, lng: 113.6496, radiusM: 300 } };

export const listItem = (e: EventView, over: Partial<EventsListItem> = {}): EventsListItem => ({ ...e, my: null, checkedIn: null, ...over });

export const TOKEN = 'HGJ:EVT7K2M9QX:1Y2P0IJ:7K2M9QX4TA';
export const FENCED_TOKEN = 'HGJ:GEO0000001:1Y2P0IJ:7K2M9QX4TA';
export const VOL_TOKEN = 'HGJ:VOL0000001:1Y2P0IJ:7K2M9QX4TA';

export function checkinResult(over: Partial<CheckinResult> = {}): CheckinResult {
  return {
    eventId: demoEvent.id,
    memberId: 'm0005',
    memberName: '李建华',
    at: '2026-12-06T01:02:00.000Z',
    offline: false,
    review: 'none',
    proxy: null,
    distanceM: null,
    points: { eval: 5, redeem: 5 },
    capped: false,
    checkoutAt: null,
    checkoutReview: null,
    minutes: null,
    hours: null,
    creditedHours: null,
    hoursPoints: null,
    eventTitle: demoEvent.title,
    checkoutRequired: false,
    already: false,
    serverTime: '2026-12-06T01:02:00.000Z',
    ...over,
  };
}
