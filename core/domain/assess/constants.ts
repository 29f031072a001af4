/**
 * The assessment's closed lists, free of Node dependencies so the contracts (and through them the
 * mini-program's types) can name them.
 */
/** The five 评议 dimensions of seed 000. */
export const DIMENSIONS = ['leadership', 'membership', 'venues', 'systems', 'results'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, string> = { leadership: '领导班子建设', membership: '党员队伍建设', venues: '活动阵地建设', systems: '工作制度建设', results: '工作业绩' };

/** How a 挂图作战 indicator is measured. */
export const CAMPAIGN_MEASURES = ['eventsHeld', 'dedicationRate', 'claimsOnTime', 'reported'] as const;
export type CampaignMeasure = (typeof CAMPAIGN_MEASURES)[number];
