import raw from '../../cloudbase/subscribe-templates.json';
import type { NotificationTemplate } from './notifications';

/**
 * Subscribe-message templates, configured ONCE in cloudbase/subscribe-templates.json (purpose ->
 * template id, its title, and our field names -> the template's keys). The functions bundle the
 * file in (esbuild inlines the JSON) and `npm run build:mp` copies the ids into
 * miniprogram/generated/env.ts, so the server sends with the same ids the member was asked to
 * accept. Id conventions:
 * - `local-<purpose>`: the shipped placeholder; the local cloud answers it, a release build of the
 *   mini-program refuses it (scripts/build-mp.ts);
 * - `""`: deliberately not used: the sender skips it (TEMPLATE_NOT_CONFIGURED), the client never asks.
 */
export type SubscribeTemplate = { id: string; title: string; fields: Record<string, string> };

// Typed assignment: the file must name every purpose the server notifies (tsc fails otherwise).
export const SUBSCRIBE_TEMPLATES: Readonly<Record<NotificationTemplate, SubscribeTemplate>> = raw;

export const PLACEHOLDER_TEMPLATE_PREFIX = 'local-';

export const isPlaceholderTemplateId = (id: string): boolean => id.startsWith(PLACEHOLDER_TEMPLATE_PREFIX);

/** The template a notification is sent with, or null when the purpose is switched off (empty id). */
export function configuredTemplate(purpose: NotificationTemplate): SubscribeTemplate | null {
  const t = SUBSCRIBE_TEMPLATES[purpose];
  return t && t.id.trim() ? t : null;
}

/** purpose -> template id ('' when off): what the mini-program asks the member to accept. */
export function subscribeTemplateIds(): Record<NotificationTemplate, string> {
  const out = {} as Record<NotificationTemplate, string>;
  for (const [k, v] of Object.entries(SUBSCRIBE_TEMPLATES) as [NotificationTemplate, SubscribeTemplate][]) out[k] = v.id.trim();
  return out;
}
