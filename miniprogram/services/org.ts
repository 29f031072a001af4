import type { BindInput, BindResult } from '../../core/contracts/auth';
import type {
  AuditListInput,
  AuditListResult,
  CreatableOrgType,
  GrantableRole,
  ImportResult,
  InviteResult,
  MemberDetail,
  MembersListInput,
  MembersListResult,
  OrgArchiveResult,
  OrgCreateResult,
  OrgMoveResult,
  OrgRenameResult,
  ResponsiblesResult,
  RoleChangeResult,
  TransferResult,
  TreeResult,
  UnbindResult,
  UploadResult,
} from '../../core/contracts/org';
import { config } from '../config';
import { call, failure, type Result } from './cloud';
import { loadMe } from './session';

/** Typed wrappers of the `org` function (and auth.bind), one per action. */

export function bindMember(input: BindInput): Promise<Result<BindResult>> {
  return call<BindResult>('auth', 'bind', { ...input });
}

export function orgTree(rootId?: string): Promise<Result<TreeResult>> {
  return call<TreeResult>('org', 'tree', rootId ? { rootId } : {});
}

export function listMembers(input: MembersListInput): Promise<Result<MembersListResult>> {
  return call<MembersListResult>('org', 'members.list', { ...input });
}

export function getMember(memberId: string): Promise<Result<MemberDetail>> {
  return call<MemberDetail>('org', 'members.get', { memberId });
}

export function unbindMember(memberId: string, reason: string): Promise<Result<UnbindResult>> {
  return call<UnbindResult>('org', 'members.unbind', { memberId, reason });
}

/** 组织关系转接: the member to another branch of the caller's scope, with the reason (audited). */
export function transferMember(memberId: string, toBranchId: string, reason: string): Promise<Result<TransferResult>> {
  return call<TransferResult>('org', 'members.transfer', { memberId, toBranchId, reason });
}

export function changeRole(op: 'grant' | 'revoke', memberId: string, role: GrantableRole, orgId: string, reason?: string): Promise<Result<RoleChangeResult>> {
  return call<RoleChangeResult>('org', `roles.${op}`, { memberId, role, orgId, ...(reason ? { reason } : {}) });
}

/** The branch's invite (code, 小程序码 opening `envVersion`'s build, fallback QR text). */
export function inviteCode(branchId: string, rotate = false, envVersion: 'release' | 'trial' | 'develop' = 'release'): Promise<Result<InviteResult>> {
  return call<InviteResult>('org', 'invite', { branchId, ...(rotate ? { rotate } : {}), ...(envVersion !== 'release' ? { envVersion } : {}) });
}

export function importRoster(fileID: string, orgId: string, dryRun: boolean): Promise<Result<ImportResult>> {
  return call<ImportResult>('files', 'roster.import', { fileID, ...(orgId ? { orgId } : {}), dryRun });
}

export function auditList(input: AuditListInput): Promise<Result<AuditListResult>> {
  return call<AuditListResult>('org', 'audit.list', { ...input });
}

// ---- managing the tree (org.create / rename / move / archive / responsibles.set) ----

export function createOrg(parentId: string, name: string, type: CreatableOrgType): Promise<Result<OrgCreateResult>> {
  return call<OrgCreateResult>('org', 'create', { parentId, name, type });
}

export function renameOrg(orgId: string, name: string): Promise<Result<OrgRenameResult>> {
  return call<OrgRenameResult>('org', 'rename', { orgId, name });
}

/** Re-hangs the org under `toParentId`; `done: false` means call again to finish (large subtrees). */
export function moveOrg(orgId: string, toParentId: string, reason: string): Promise<Result<OrgMoveResult>> {
  return call<OrgMoveResult>('org', 'move', { orgId, toParentId, reason });
}

export function archiveOrg(orgId: string, reason: string): Promise<Result<OrgArchiveResult>> {
  return call<OrgArchiveResult>('org', 'archive', { orgId, reason });
}

/** A grid's 第一责任人 / 直接责任人 (member ids, null clears). */
export function setResponsibles(orgId: string, first: string | null, direct: string | null): Promise<Result<ResponsiblesResult>> {
  return call<ResponsiblesResult>('org', 'responsibles.set', { orgId, first, direct });
}

/**
 * Puts a roster file picked with wx.chooseMessageFile into cloud storage: wx.cloud.uploadFile on
 * a real env; in local mode (no wx.cloud) the bytes go base64 through files.roster.upload.
 */
export async function uploadRoster(tempPath: string, fileName: string): Promise<Result<UploadResult>> {
  const ext = /\.csv$/i.test(fileName) ? 'csv' : 'xlsx';
  if (config.mode === 'cloud') {
    const me = await loadMe();
    if (!me.ok) return me;
    const memberId = me.data.memberId;
    return new Promise((resolve) => {
      wx.cloud.uploadFile({
        // under the uploader's own folder: the import reads only the caller's uploads
        cloudPath: `imports/${memberId}/${Date.now()}-${Math.floor(Math.random() * 1e6)}.${ext}`,
        filePath: tempPath,
        success: (r) => resolve({ ok: true, data: { fileID: r.fileID } }),
        fail: () => resolve(failure('NETWORK')),
      });
    });
  }
  return new Promise((resolve) => {
    wx.getFileSystemManager().readFile({
      filePath: tempPath,
      encoding: 'base64',
      success: (r) => resolve(call<UploadResult>('files', 'roster.upload', { fileName: `roster.${ext}`, contentBase64: String(r.data) })),
      fail: () => resolve(failure('IMPORT_FILE_INVALID', { message: '无法读取所选文件，请重新选择' })),
    });
  });
}
