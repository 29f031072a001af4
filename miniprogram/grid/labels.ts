import type { FINDING_TAGS, REVIEW_KINDS } from '../../core/contracts/grid';

/** The review kinds and finding tags as the forms offer them (the contract's values; the mini-program imports types only). */
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export type FindingTag = (typeof FINDING_TAGS)[number];

export const KIND_OPTIONS: { key: ReviewKind; label: string }[] = [
  { key: 'onsite', label: '现场点评' },
  { key: 'random', label: '随机点评' },
  { key: 'individual', label: '个别点评' },
  { key: 'cross', label: '交叉点评' },
];

export const TAG_OPTIONS: { key: FindingTag; label: string }[] = [
  { key: 'highlight', label: '亮点' },
  { key: 'difficulty', label: '难点' },
  { key: 'hotspot', label: '热点' },
  { key: 'weakness', label: '弱点' },
];

export const tagLabel = (t: FindingTag): string => TAG_OPTIONS.find((o) => o.key === t)?.label ?? t;
