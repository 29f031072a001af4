import type {
  AwardsGrantInput,
  BalanceResult,
  ClaimDecisionResult,
  ClaimsApproveBatchResult,
  ClaimsListRequest,
  ClaimsListResult,
  ClaimsSubmitRequest,
  ClaimsSubmitResult,
  CreditResult,
  EvidenceUploadResult,
  LedgerListRequest,
  LedgerListResult,
  RulesListInput,
  RulesListResult,
  RulesSaveInput,
  RuleView,
} from '../../core/contracts/points';
import { config } from '../config';
import { call, failure, type Result } from './cloud';

/** Typed wrappers of the `points` function (积分), one per action. See docs/api/points.md. */

export function listRules(view: NonNullable<RulesListInput['view']> = 'catalog'): Promise<Result<RulesListResult>> {
  return call<RulesListResult>('points', 'rules.list', { view });
}

export function saveRule(input: RulesSaveInput): Promise<Result<RuleView>> {
  return call<RuleView>('points', 'rules.save', { ...input });
}

export function getBalance(memberId?: string): Promise<Result<BalanceResult>> {
  return call<BalanceResult>('points', 'balance', memberId ? { memberId } : {});
}

export function listLedger(input: LedgerListRequest): Promise<Result<LedgerListResult>> {
  return call<LedgerListResult>('points', 'ledger.list', { ...input });
}

export function submitClaim(input: ClaimsSubmitRequest): Promise<Result<ClaimsSubmitResult>> {
  return call<ClaimsSubmitResult>('points', 'claims.submit', { ...input });
}

export function withdrawClaim(claimId: string): Promise<Result<ClaimDecisionResult>> {
  return call<ClaimDecisionResult>('points', 'claims.withdraw', { claimId });
}

export function listClaims(input: ClaimsListRequest): Promise<Result<ClaimsListResult>> {
  return call<ClaimsListResult>('points', 'claims.list', { ...input });
}

export function approveClaim(claimId: string): Promise<Result<ClaimDecisionResult>> {
  return call<ClaimDecisionResult>('points', 'claims.approve', { claimId });
}

export function approveClaims(claimIds: string[]): Promise<Result<ClaimsApproveBatchResult>> {
  return call<ClaimsApproveBatchResult>('points', 'claims.approveBatch', { claimIds });
}

export function rejectClaim(claimId: string, reason: string): Promise<Result<ClaimDecisionResult>> {
  return call<ClaimDecisionResult>('points', 'claims.reject', { claimId, reason });
}

/** Undoes one ledger entry (a mistaken approval's credit) with a reason: an audited reversal. */
export function reverseEntry(entryId: string, reason: string): Promise<Result<CreditResult>> {
  return call<CreditResult>('points', 'ledger.reverse', { entryId, reason });
}

export function grantAward(input: AwardsGrantInput): Promise<Result<CreditResult>> {
  return call<CreditResult>('points', 'awards.grant', { ...input });
}

/** A fresh idempotency key for one submission or award: made once per form, resent on retry. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}`;
}

/** A photo picked with wx.chooseMedia (compressed), ready to upload. */
export type PickedPhoto = { path: string; size: number };

const EXT = /\.(jpe?g|png|webp)$/i;
/** The evidence.upload action takes ≤ 600 KB (local gateway bodies are capped at 1 MB). */
export const LOCAL_UPLOAD_MAX_BYTES = 600 * 1024;

/**
 * Puts one evidence photo into cloud storage and answers its fileID. Cloud mode:
 * wx.cloud.uploadFile under evidence/<uploader's memberId>/ (the storage rule lets the uploader
 * write there). Local mode (no wx.cloud behind the local gateway): the bytes go base64 through
 * points.evidence.upload, so a claim with photos can be submitted end to end against `npm start`.
 */
export function uploadEvidence(photo: PickedPhoto, memberId: string): Promise<Result<EvidenceUploadResult>> {
  const ext = (EXT.exec(photo.path)?.[1] ?? 'jpg').toLowerCase().replace('jpeg', 'jpg') as 'jpg' | 'png' | 'webp';
  if (config.mode === 'cloud') {
    return new Promise((resolve) => {
      wx.cloud.uploadFile({
        cloudPath: `evidence/${memberId}/${Date.now()}-${Math.floor(Math.random() * 1e6)}.${ext}`,
        filePath: photo.path,
        success: (r) => resolve({ ok: true, data: { fileID: r.fileID } }),
        fail: () => resolve(failure('NETWORK', { message: '照片上传失败，请检查网络后重试' })),
      });
    });
  }
  if (photo.size > LOCAL_UPLOAD_MAX_BYTES) return Promise.resolve(failure('INVALID_INPUT', { message: '照片过大，请换一张或截图后再上传（不超过 600KB）' }));
  return new Promise((resolve) => {
    wx.getFileSystemManager().readFile({
      filePath: photo.path,
      encoding: 'base64',
      success: (r) => resolve(call<EvidenceUploadResult>('points', 'evidence.upload', { ext, contentBase64: String(r.data) })),
      fail: () => resolve(failure('INVALID_INPUT', { message: '无法读取所选照片，请重新选择' })),
    });
  });
}
