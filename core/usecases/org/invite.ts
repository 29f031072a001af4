import { randomInt } from 'node:crypto';
import { AppError, ok, fail } from '../../contracts/app-error';
import type { Result } from '../../contracts/envelope';
import { INVITE_CODE_PAGE, INVITE_QR_PREFIX, type InviteInput, type InviteResult } from '../../contracts/org';
import { db, DuplicateKeyError } from '../../db/db';
import { isDuplicateKey } from '../../db/errors';
import { getUnlimitedCode } from '../../db/openapi';
import { isArchived } from '../../domain/org/edit';
import type { OrgDoc } from '../../domain/org/model';
import type { MemberCtx } from '../../runtime/context';
import { writeAudit } from '../shared/audit';
import { targetOrg, targetGrant } from '../shared/authorize';

/** No 0/O, 1/I/L: a code read aloud or off a poster is typed right. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newCode = (): string => Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * org.invite: the branch's invite code for the binding QR, to its secretary or an orgAdmin
 * above it; `rotate` issues a new code (the old one stops working), audited. Codes are unique
 * (index on orgs.inviteCode): a clash just draws again. The code also comes as a 小程序码
 * (wxacode.getUnlimited, declared in the org function's config.json): scene = the code, opening
 * pages/bind/index, so WeChat's 扫一扫 lands on binding with the code filled in; a refused image
 * leaves the fallback QR text. Requests: 2 to read the code (the caller; the branch, read by the
 * router); 7 to rotate it (and the transaction: start, branch, update, audit, commit); plus one
 * open-API call (not a database request).
 */
export async function invite(ctx: MemberCtx, input: InviteInput): Promise<Result<InviteResult>> {
  const branch = targetOrg(ctx);
  if (branch.type !== 'branch') return fail('INVALID_INPUT', '只有党支部有邀请码', 'branchId');
  // an archived branch binds nobody: no code to show, and none issued again
  if (isArchived(branch)) return fail('ORG_ARCHIVED', '该支部已撤销，没有邀请码', 'branchId');
  const grant = targetGrant(ctx);
  let code = branch.inviteCode ?? '';
  const rotate = input.rotate === true || !code;
  if (rotate) {
    for (let attempt = 0; ; attempt++) {
      const next = newCode();
      try {
        code = await db.transaction(async (tx) => {
          const cur = await tx.get<OrgDoc>('orgs', branch._id);
          if (!cur) throw new AppError('NOT_FOUND', '组织不存在', 'branchId');
          if (isArchived(cur)) throw new AppError('ORG_ARCHIVED', '该支部已撤销，没有邀请码', 'branchId');
          await tx.update('orgs', cur._id, { inviteCode: next });
          await writeAudit(
            ctx,
            {
              role: grant.role,
              action: 'org.invite.rotate',
              targetType: 'org',
              targetId: cur._id,
              ancestors: cur.ancestors,
              before: { inviteCode: cur.inviteCode ?? null },
              after: { inviteCode: next },
            },
            tx,
          );
          return next;
        });
        break;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError || isDuplicateKey(e)) || attempt >= 5) throw e;
      }
    }
  }
  // the invite code's alphabet (upper-case letters and digits, 6 long) is a valid scene as is
  const img = await getUnlimitedCode({ scene: code, page: INVITE_CODE_PAGE, checkPath: input.envVersion === 'release', envVersion: input.envVersion, width: 430 });
  return ok({
    branchId: branch._id,
    branchName: branch.name,
    inviteCode: code,
    qrText: INVITE_QR_PREFIX + code,
    image: img.ok ? `data:${img.contentType};base64,${img.image.toString('base64')}` : null,
    imageError: img.ok ? null : `${img.errCode} ${img.errMsg}`.trim(),
    rotated: rotate,
  });
}
