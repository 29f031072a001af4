/**
 * Cursors for lists read past the 100-document cap. The audit log is newest first, ordered by
 * (at desc, _id desc), so its cursor carries both; it is opaque text to the client.
 */
export type AuditCursor = { at: Date; id: string };

export function encodeAuditCursor(c: AuditCursor): string {
  return `${c.at.getTime()}~${c.id}`;
}

export function decodeAuditCursor(s: string): AuditCursor | null {
  const m = /^(\d{1,15})~(.{1,180})$/.exec(s);
  if (!m) return null;
  const at = new Date(Number(m[1]));
  return Number.isNaN(at.getTime()) ? null : { at, id: m[2] };
}
