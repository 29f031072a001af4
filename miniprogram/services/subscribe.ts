import { templateIdsFor, type SubscribePurpose } from '../config';

/** What the member answered per template id ('accept', 'reject', 'ban', 'filter'); empty when nothing was asked. */
export type SubscribeAnswer = Record<string, string>;

/**
 * Asks the member to accept the subscribe messages for `purposes` (template ids from
 * cloudbase/subscribe-templates.json via config.templateIds; a purpose switched off is left out,
 * at most 3 per request as WeChat allows). Must run inside a tap handler (WeChat refuses it
 * otherwise). Never rejects: a refusal or an error never blocks what the member was doing.
 */
export function askToSubscribe(...purposes: SubscribePurpose[]): Promise<SubscribeAnswer> {
  const tmplIds = templateIdsFor(...purposes).slice(0, 3);
  if (!tmplIds.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve({});
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (r) => {
        const out: SubscribeAnswer = {};
        for (const id of tmplIds) if (typeof (r as Record<string, unknown>)[id] === 'string') out[id] = String((r as Record<string, unknown>)[id]);
        resolve(out);
      },
      fail: () => resolve({}),
    } as WechatMiniprogram.RequestSubscribeMessageOption);
  });
}

/** The moments a member wants to hear back, and what they are asked then. */
export const ASK = {
  /** Submitting a claim: approved or rejected, and points about to expire. */
  claim: ['claimApproved', 'claimRejected', 'pointsExpiring'],
  /** Redeeming: ready for pickup, and the order expiring unclaimed. */
  redeem: ['orderReady', 'orderExpired'],
  /** Opening the review queue (approvers): a new claim waits for them. */
  review: ['claimToReview'],
  /** 奉献日: the reminder the evening before. */
  dedication: ['dedicationReminder'],
} as const satisfies Record<string, readonly SubscribePurpose[]>;
