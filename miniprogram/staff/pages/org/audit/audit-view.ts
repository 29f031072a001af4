import type { AuditItem } from '../../../../../core/contracts/org';
import { ROLE_LABELS } from '../../../../utils/labels';
import { AUDIT_ACTION_LABELS, chinaMinute } from '../labels';

export type RangeKey = '7d' | '30d' | 'all';
export const RANGES: { key: RangeKey; label: string }[] = [
  { key: '7d', label: '近 7 天' },
  { key: '30d', label: '近 30 天' },
  { key: 'all', label: '全部' },
];

/** The `from` of a range, as an ISO instant (undefined: no lower bound). */
export function rangeFrom(key: RangeKey, nowMs: number): string | undefined {
  const days = key === '7d' ? 7 : key === '30d' ? 30 : 0;
  return days ? new Date(nowMs - days * 86400_000).toISOString() : undefined;
}

export type AuditRow = { id: string; title: string; who: string; target: string; reason: string; before: string; after: string };

/** Before/after as short readable text (JSON, cut at 600 characters). */
export function brief(v: unknown): string {
  if (v === null || v === undefined) return '—';
  const s = JSON.stringify(v);
  return s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

export function auditRow(a: AuditItem): AuditRow {
  return {
    id: a.id,
    title: AUDIT_ACTION_LABELS[a.action] ?? a.action,
    who: `${a.actorName}（${ROLE_LABELS[a.role]}） · ${chinaMinute(a.at)}`,
    target: `${a.targetType === 'member' ? '党员' : a.targetType === 'org' ? '组织' : a.targetType} ${a.targetId}`,
    reason: a.reason,
    before: brief(a.before),
    after: brief(a.after),
  };
}
