import { createHash } from 'node:crypto';
import { ok, fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { UploadInput, UploadResult } from '../../contracts/org';
import { uploadFile } from '../../db/storage';
import type { MemberCtx } from '../../runtime/context';

/**
 * files.roster.upload: stores a roster file sent as base64 and returns its fileID for
 * files.roster.import. The local-mode path (the local gateway has no wx.cloud.uploadFile); on a
 * real env the mini-program uploads with wx.cloud.uploadFile. orgAdmins only; the path is
 * content-addressed under the admin, so sending the same file twice is harmless.
 */
export async function uploadRoster(ctx: MemberCtx, input: UploadInput): Promise<Result<UploadResult>> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const ext = input.fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  // an .xlsx is a zip: PK\x03\x04
  if (ext === 'xlsx' && bytes.subarray(0, 4).toString('hex') !== '504b0304') return fail('IMPORT_FILE_INVALID');
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  return ok({ fileID: await uploadFile(`imports/${ctx.actor.memberId}/${hash}.${ext}`, bytes) });
}
