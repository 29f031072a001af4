import type { CheckinResult, CheckinView, EventType, EventView } from '../../../core/contracts/events';
import type { CallErrorCode } from '../../services/errors';
import type { ScanOutcome } from '../../services/scan';

/** Display helpers for events and check-ins (used by the 签到 tab, event pages and staff pages). */

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');
const china = (iso: string) => new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);

/** 09:05 (China time). */
export const clockText = (iso: string): string => {
  const d = china(iso);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
/** 12月6日 (China time). */
export const dayText = (iso: string): string => {
  const d = china(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};
/** 12月6日 09:00–11:00 */
/** What every event card and page heads with: title, kind, when and where. */
export type EventHeadline = { id: string; title: string; type: string; when: string; place: string };

export function eventHeadline(e: Pick<EventView, 'id' | 'title' | 'type' | 'startAt' | 'endAt' | 'place'>): EventHeadline {
  return { id: e.id, title: e.title, type: EVENT_TYPE_LABELS[e.type], when: whenText(e), place: e.place?.name ?? '' };
}

export function whenText(e: Pick<EventView, 'startAt' | 'endAt'>): string {
  const sameDay = dayText(e.startAt) === dayText(e.endAt);
  return sameDay ? `${dayText(e.startAt)} ${clockText(e.startAt)}–${clockText(e.endAt)}` : `${dayText(e.startAt)} ${clockText(e.startAt)} – ${dayText(e.endAt)} ${clockText(e.endAt)}`;
}
/** YYYY-MM of an instant, China time. */
export const monthOf = (at: Date): string => {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
};
/** YYYY-MM-DD of an instant, China time. */
export const dateOf = (at: Date): string => {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  dedication: '党员奉献日',
  themeDay: '主题党日',
  meeting: '三会一课',
  volunteer: '志愿服务',
  gridDuty: '网格值守',
  other: '其他活动',
};

export function pointsText(p: { eval: number; redeem: number }): string {
  const parts: string[] = [];
  if (p.eval) parts.push(`评价积分 +${p.eval}`);
  if (p.redeem) parts.push(`兑换积分 +${p.redeem}`);
  return parts.join('  ');
}

/** Is this check-in attendance (not an offline scan still awaiting, or refused by, the organizer)? */
export const counts = (my: Pick<CheckinView, 'review'> | null): boolean => !!my && (my.review === 'none' || my.review === 'confirmed');

/** One line about the member's own attendance at an event. */
export function myStatusText(my: CheckinView | null, e: Pick<EventView, 'checkoutRequired'>): string {
  if (!my) return '未签到';
  if (my.review === 'pending') return `离线扫码 ${clockText(my.at)}，待组织者确认后计入出勤和积分`;
  if (my.review === 'refused') return `离线扫码 ${clockText(my.at)} 未被组织者确认`;
  const how = my.proxy ? '（代签）' : my.offline ? '（离线补签）' : '';
  const outPending = my.checkoutReview === 'pending' ? '，时长待确认' : '';
  if (e.checkoutRequired && my.checkoutAt) return `已签到 ${clockText(my.at)}${how}，已签退 ${clockText(my.checkoutAt)}（${my.hours ?? 0} 小时${outPending}）`;
  if (e.checkoutRequired) return `已签到 ${clockText(my.at)}${how}，离开时请扫码签退`;
  return `已签到 ${clockText(my.at)}${how}`;
}

export type CardTone = 'success' | 'warning' | 'error' | 'info';
/** What the result card offers next. */
export type CardAction = '' | 'checkout' | 'rescan' | 'bind' | 'settings';
export type ResultCard = { tone: CardTone; icon: string; title: string; detail: string; points: string; action: CardAction; actionText: string };

/** The card after a check-in or check-out the server accepted (or a repeated scan). */
export function successCard(r: CheckinResult, kind: 'checkin' | 'checkout'): ResultCard {
  if (kind === 'checkout') {
    const hours = r.hours ?? 0;
    const credited = r.creditedHours ?? 0;
    if (r.checkoutReview === 'pending' || (r.checkoutAt && r.creditedHours === null && hours > 0)) {
      return {
        tone: 'info',
        icon: 'time-filled',
        title: r.already ? '您已签退' : '签退已提交',
        detail: `${r.eventTitle} · 签退 ${r.checkoutAt ? clockText(r.checkoutAt) : ''}，服务 ${hours} 小时。离线扫码须活动组织者确认后才计入时长积分。`,
        points: '',
        action: '',
        actionText: '',
      };
    }
    return {
      tone: 'success',
      icon: 'check-circle-filled',
      title: r.already ? '您已签退' : '签退成功',
      detail: `${r.eventTitle} · 签到 ${clockText(r.at)}，签退 ${r.checkoutAt ? clockText(r.checkoutAt) : ''}，服务 ${hours} 小时${credited < hours ? `（本期上限内计 ${credited} 小时）` : ''}`,
      points: r.hoursPoints ? pointsText(r.hoursPoints) : hours ? '' : '服务不满 1 小时，不计时长积分',
      action: '',
      actionText: '',
    };
  }
  if (r.review === 'pending') {
    return {
      tone: 'info',
      icon: 'time-filled',
      title: r.already ? '离线签到待确认' : '离线签到已提交',
      detail: `${r.eventTitle} · 扫码时间 ${dayText(r.at)} ${clockText(r.at)}。离线扫码须活动组织者确认后，才计入出勤和积分。`,
      points: '',
      action: '',
      actionText: '',
    };
  }
  if (r.review === 'refused') {
    return {
      tone: 'warning',
      icon: 'error-circle-filled',
      title: '离线签到未被确认',
      detail: `${r.eventTitle} · 活动组织者未确认这次离线扫码。如有疑问请联系活动组织者。`,
      points: '',
      action: '',
      actionText: '',
    };
  }
  const via = r.proxy ? '（代签）' : r.offline ? '（离线补签，已确认）' : '';
  const base = { tone: 'success' as const, icon: 'check-circle-filled' };
  const points = r.capped ? '本期该项积分已达上限，本次只记出勤' : pointsText(r.points);
  const next = r.checkoutRequired && !r.checkoutAt ? { action: 'checkout' as const, actionText: '离开时扫码签退' } : { action: '' as const, actionText: '' };
  if (r.already) return { ...base, title: '您已签到', detail: `${r.eventTitle} · 首次签到 ${dayText(r.at)} ${clockText(r.at)}${via}，无需重复签到`, points: '', ...next };
  return { ...base, title: '签到成功', detail: `${r.eventTitle} · ${clockText(r.at)}${via}`, points, ...next };
}

const REFUSALS: Partial<Record<CallErrorCode, Omit<ResultCard, 'points'>>> = {
  CHECKIN_TOKEN_INVALID: {
    tone: 'error',
    icon: 'close-circle-filled',
    title: '签到码无效',
    detail: '这不是本次活动的签到码。请扫描活动现场书记手机或大屏上出示的签到码。',
    action: 'rescan',
    actionText: '重新扫码',
  },
  CHECKIN_TOKEN_EXPIRED: {
    tone: 'warning',
    icon: 'time-filled',
    title: '签到码已过期',
    detail: '签到码每 15 秒更新一次，截图或转发的签到码很快失效。请对准现场最新的签到码重新扫描。',
    action: 'rescan',
    actionText: '重新扫码',
  },
  CHECKIN_OFFLINE_TOO_LATE: {
    tone: 'warning',
    icon: 'time-filled',
    title: '离线扫码补传太晚',
    detail: '离线保存的扫码须在活动签到结束后不久内联网补传，这次已超过期限，未能签到。请联系活动组织者。',
    action: '',
    actionText: '',
  },
  CHECKIN_OUT_OF_WINDOW: { tone: 'warning', icon: 'time-filled', title: '不在签到时间内', detail: '签到时间为活动开始前至结束后的一段时间，请在签到时间内扫码。', action: '', actionText: '' },
  EVENT_NOT_OPEN: { tone: 'warning', icon: 'error-circle-filled', title: '活动已结束签到', detail: '本次活动已结束签到或已取消，如有疑问请联系支部书记。', action: '', actionText: '' },
  CHECKIN_NOT_IN_SCOPE: {
    tone: 'error',
    icon: 'error-circle-filled',
    title: '不在参加范围内',
    detail: '本次活动只面向指定组织的党员，您不在参加范围内。如有疑问请联系支部书记。',
    action: '',
    actionText: '',
  },
  CHECKIN_OUT_OF_RANGE: { tone: 'warning', icon: 'location', title: '不在活动地点附近', detail: '本活动需要在现场签到，请到活动地点后再扫码。', action: 'rescan', actionText: '到现场后重新扫码' },
  LOCATION_REQUIRED: {
    tone: 'warning',
    icon: 'location',
    title: '需要确认您在现场',
    detail: '本活动需要获取位置后才能签到（只保存是否在范围内及距离，不保存位置）。未能获取到位置，请打开手机的定位服务后重新扫码。',
    action: 'rescan',
    actionText: '重新扫码',
  },
  EVENT_FULL: { tone: 'warning', icon: 'error-circle-filled', title: '活动人数已满', detail: '本次活动报名人数已满，请联系活动组织人。', action: '', actionText: '' },
  NOT_CHECKED_IN: { tone: 'warning', icon: 'error-circle-filled', title: '尚未签到', detail: '您还没有签到本次活动，请先扫码签到，离开时再扫码签退。', action: 'rescan', actionText: '扫码签到' },
  NOT_BOUND: { tone: 'info', icon: 'user', title: '请先绑定党员身份', detail: '绑定后才能扫码签到。', action: 'bind', actionText: '去绑定' },
};

/** The card for a refusal: every check-in code in plain Chinese; anything else with its message. */
export function refusalCard(code: CallErrorCode, message: string): ResultCard {
  const known = REFUSALS[code];
  if (known) return { ...known, points: '' };
  return { tone: 'error', icon: 'close-circle-filled', title: '签到未成功', detail: message, points: '', action: 'rescan', actionText: '重新扫码' };
}

/** The card for a scan kept on the phone because the network was down. */
export function queuedCard(kind: 'checkin' | 'checkout'): ResultCard {
  return {
    tone: 'info',
    icon: 'wifi-off',
    title: kind === 'checkin' ? '网络不好，已离线保存' : '网络不好，签退已离线保存',
    detail: '已记下扫码时间。联网后会自动补传（须在签到结束后不久内），以扫码时间为准，无需重复扫码；离线扫码由活动组织者确认后计分。',
    points: '',
    action: '',
    actionText: '',
  };
}

/** The card for a text that is not a check-in code at all (never sent). */
export function notOurCodeCard(): ResultCard {
  return { tone: 'error', icon: 'close-circle-filled', title: '这不是活动签到码', detail: '请扫描活动现场出示的“红管家”签到码。', points: '', action: 'rescan', actionText: '重新扫码' };
}

/** The card when the member keeps location off for a geofenced event: the way to turn it on. */
export function locationRefusedCard(): ResultCard {
  return {
    tone: 'warning',
    icon: 'location',
    title: '需要位置权限才能签到',
    detail: '本活动要确认您在现场（只核对是否在范围内，不保存位置）。请在设置中打开“位置信息”，回来后会自动重新签到。',
    points: '',
    action: 'settings',
    actionText: '去设置打开位置',
  };
}

/** The card for what the one scan flow (services/scan.ts) ended with; null: nothing to show. */
export function outcomeCard(o: ScanOutcome): ResultCard | null {
  switch (o.status) {
    case 'cancelled':
      return null;
    case 'notOurs':
      return notOurCodeCard();
    case 'queued':
      return queuedCard(o.kind);
    case 'locationRefused':
      return locationRefusedCard();
    case 'done':
      return o.result.ok ? successCard(o.result.data, o.kind) : refusalCard(o.result.code, o.result.message);
  }
}
