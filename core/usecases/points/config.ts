import { parseExpiryConfig, type ExpiryConfig } from '../../domain/points/expiry';
import type { NotificationTemplate } from '../../domain/notifications';
import { configuredTemplate, SUBSCRIBE_TEMPLATES, type SubscribeTemplate } from '../../domain/subscribe-templates';

/**
 * Deployment settings of the points function, from its environment variables (set per
 * function in the CloudBase console; see docs/api/points.md):
 * - POINTS_EXPIRY_AT: "MM-DD HH:mm" China time, default "12-31 23:59" (keep the timer cron in
 *   cloudfunctions/points/config.json on the same minute).
 * Subscribe-message templates are not an environment variable: they are configured once in
 * cloudbase/subscribe-templates.json and bundled in (core/domain/subscribe-templates.ts).
 */
export function expiryConfig(): ExpiryConfig {
  return parseExpiryConfig(process.env.POINTS_EXPIRY_AT);
}

export type TemplateConfig = Pick<SubscribeTemplate, 'id' | 'fields'>;

/** The configured templates by purpose (a purpose with an empty id is left out: not sent). */
export function subscribeTemplates(): Partial<Record<NotificationTemplate, TemplateConfig>> {
  const out: Partial<Record<NotificationTemplate, TemplateConfig>> = {};
  for (const p of Object.keys(SUBSCRIBE_TEMPLATES) as NotificationTemplate[]) {
    const t = configuredTemplate(p);
    if (t) out[p] = { id: t.id, fields: t.fields };
  }
  return out;
}
