import * as z from 'zod';

/**
 * The scalar schemas every contract shares, defined once so an id is trimmed (or not) the same
 * way everywhere. Control characters are refused in every string of every input before these
 * run (core/runtime/validation.ts).
 */

/** A document id (org, claim, order, item...): trimmed, 1–64 characters. */
export const id = z.string().trim().min(1).max(64);
/** A roster member's id. */
export const memberId = z.string().trim().min(1).max(32);
/** Event ids are short upper-case base32 so that they fit a low-density QR code. */
export const eventId = z
  .string()
  .trim()
  .regex(/^[0-9A-Z]{6,16}$/);
/** A points rule's code, e.g. DEDICATION_DAY. */
export const ruleCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,39}$/);
/** A client-made retry key (e.g. a UUID): the same key answers with the first result. */
export const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** Why a staff member did something: required, shown in the audit log. */
export const reason = z.string().trim().min(1).max(200);
/** An instant as ISO 8601 with its offset. */
export const instant = z.iso.datetime({ offset: true });
/** A China-time calendar date. */
export const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A China-time calendar month. */
export const ym = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** Cloud storage fileIDs (cloud://env.bucket/path), as wx.cloud.uploadFile returns them. */
export const fileId = z
  .string()
  .regex(/^cloud:\/\/[^\s]+$/)
  .max(300);
/** A list offset for paging. */
export const offset = z.number().int().min(0).max(100000);
