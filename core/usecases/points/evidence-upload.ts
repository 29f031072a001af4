import { createHash } from 'node:crypto';
import { fail, ok } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import type { EvidenceUploadResult, EvidenceUploadInput } from '../../contracts/points';
import { uploadFile } from '../../db/storage';
import type { MemberCtx } from '../../runtime/context';

const MAX_BYTES = 600 * 1024;

/** Is this what its extension says (JPEG, PNG or WebP magic bytes)? */
function looksLikeImage(b: Buffer, ext: string): boolean {
  if (ext === 'jpg' || ext === 'jpeg') return b[0] === 0xff && b[1] === 0xd8;
  if (ext === 'png') return b.subarray(0, 4).toString('hex') === '89504e47';
  return b.subarray(0, 4).toString('ascii') === 'RIFF' && b.subarray(8, 12).toString('ascii') === 'WEBP';
}

/**
 * points.evidence.upload: stores one evidence photo sent as base64 and returns its fileID.
 * The mini-program uploads with wx.cloud.uploadFile in cloud mode; this is the path for local
 * mode (the local gateway has no wx.cloud), and works against a real env too (≤ 600 KB).
 * The path is content-addressed under the member: re-sending the same photo is harmless.
 */
export async function uploadEvidence(ctx: MemberCtx, input: EvidenceUploadInput): Promise<Result<EvidenceUploadResult>> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > MAX_BYTES) return fail('INVALID_INPUT', '照片过大，请压缩后重试（不超过 600KB）', 'contentBase64');
  if (!looksLikeImage(bytes, input.ext)) return fail('INVALID_INPUT', '只能上传 JPG、PNG 或 WebP 照片', 'contentBase64');
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  const fileID = await uploadFile(`evidence/${ctx.actor.memberId}/${hash}.${input.ext === 'jpeg' ? 'jpg' : input.ext}`, bytes);
  return ok({ fileID });
}
