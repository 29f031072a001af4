import type { Notification } from '../notifications';
import { chinaDate } from '../time';
import type { IssueDoc } from './issue';
import dayjs from 'dayjs';
import { CHINA_TZ } from '../time';

/** Subscribe-message texts for grid issues (template fields are short: 20 characters for a thing). */
export const ISSUE_PAGE = (id: string): string => `grid/pages/issue/index?id=${id}`;
const short = (s: string, n = 20): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const time = (d: Date): string => dayjs(d).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm');

export function assignedNotice(i: IssueDoc, memberId: string, at: Date): Notification {
  return {
    memberId,
    template: 'gridAssigned',
    data: { category: i.categoryName, text: short(i.text), deadline: i.deadlineAt ? time(new Date(i.deadlineAt)) : chinaDate(at) },
    page: ISSUE_PAGE(i._id),
    dedupeKey: `gridAssigned:${i._id}:${i.timeline.length}:${memberId}`,
    at,
  };
}

export function resolvedNotice(i: IssueDoc, at: Date): Notification {
  return {
    memberId: i.reporterId,
    template: 'gridResolved',
    data: { category: i.categoryName, result: short(i.resolution?.note ?? '已处置'), time: time(at) },
    page: ISSUE_PAGE(i._id),
    dedupeKey: `gridResolved:${i._id}:${i.timeline.length}`,
    at,
  };
}

/** To each 责任人 of the level the issue went up to (or, at the county, of the county when it is overdue there); once per transition. */
export function escalatedNotice(i: IssueDoc, memberId: string, fromName: string, at: Date): Notification {
  return {
    memberId,
    template: 'gridEscalated',
    data: { category: i.categoryName, text: short(i.text), from: short(fromName), time: time(at) },
    page: ISSUE_PAGE(i._id),
    dedupeKey: `gridEscalated:${i._id}:${i.timeline.length}:${memberId}`,
    at,
  };
}
