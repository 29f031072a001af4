import { parseExpiryConfig, type ExpiryConfig } from '../../domain/points/expiry';
import type { NotificationTemplate } from '../../domain/notifications';

/**
 * Deployment settings of the points function, from its environment variables (set per
 * function in the CloudBase console; see docs/api/points.md):
 * - POINTS_EXPIRY_AT: "MM-DD HH:mm" China time, default "12-31 23:59" (keep the timer cron in
 *   cloudfunctions/points/config.json on the same minute);
 * - SUBSCRIBE_TEMPLATES: JSON `{ "<template>": { "id": "<templateId>", "fields": { "<our key>": "<template key>" } } }`.
 */
export function expiryConfig(): ExpiryConfig {
  return parseExpiryConfig(process.env.POINTS_EXPIRY_AT);
}

export type TemplateConfig = { id: string; fields: Record<string, string> };

export function subscribeTemplates(): Partial<Record<NotificationTemplate, TemplateConfig>> {
  try {
    const raw = JSON.parse(process.env.SUBSCRIBE_TEMPLATES ?? '{}') as Record<string, TemplateConfig>;
    return raw && typeof raw === 'object' ? raw : {};
  } catch {
    return {};
  }
}
