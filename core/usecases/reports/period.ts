import { currentKey, kindOf, periodLabel, type RankPeriod } from '../../domain/reports/periods';
import type { SnapshotDoc } from '../../domain/reports/snapshot';
import type { SnapshotMeta } from '../../contracts/reports';
import { iso } from '../../domain/time';

/** The period an input names: a past one by key, else the current one of its kind. */
export function periodOf(input: { period: RankPeriod; key?: string }, now: Date): string {
  return input.key ?? currentKey(input.period, now);
}

export function metaOf(key: string, snap: Pick<SnapshotDoc, 'final' | 'asOf'> | null): SnapshotMeta {
  return { key, label: periodLabel(key), final: snap?.final ?? false, asOf: iso(snap?.asOf ?? null) };
}

export { kindOf };
