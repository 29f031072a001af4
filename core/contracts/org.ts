import * as z from 'zod';
import { id, instant, memberId } from './common';
import type { MemberStatus, OrgType, PartyStatus } from './auth';
import type { Role, RoleGrant } from './roles';

/**
 * The `org` function: the org tree, the roster, role grants, roster import and the audit log.
 * Inputs are zod schemas (strict); results are types the mini-program imports with `import type`.
 */

/** An optional note on a roster write; where a reason is required, `.min(2)` below. */
const note = z.string().trim().max(200);

export const MEMBER_STATUSES = ['active', 'transferred', 'suspended'] as const;
export const PARTY_STATUSES = ['full', 'probationary'] as const;
/** Roles that can be granted explicitly (`member` is implicit on the member's own branch). */
export const GRANTABLE_ROLES = ['gridLeader', 'secretary', 'orgAdmin', 'countyAdmin', 'storeKeeper'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export type Ref = { id: string; name: string };

// ---- org.tree ---------------------------------------------------------------------------------

export const treeInput = z.object({ rootId: id.optional() }).strict();

export type OrgNode = {
  id: string;
  name: string;
  type: OrgType;
  parentId: string | null;
  /** 0 for a root of the caller's scope, +1 per level below it. */
  depth: number;
  gridLevel: 1 | 2 | 3 | null;
  temporary: boolean;
  /** Members in this node's subtree, every status; `activeCount` only `active` ones. */
  memberCount: number;
  activeCount: number;
  dedicationDay: number | null;
  contact: string | null;
  address: string | null;
  /** 第一责任人 / 直接责任人 of the grid this node is. */
  firstResponsible: Ref | null;
  directResponsible: Ref | null;
};

/** Nodes in depth-first order (children by id), roots first; `roots` are the caller's scope roots. */
export type TreeResult = { roots: string[]; nodes: OrgNode[] };

// ---- org.members.list / org.members.get --------------------------------------------------------

export const membersListInput = z
  .object({
    /** Any org in scope: town, branch, or party group (grid). Default: the caller's whole scope. */
    orgId: id.optional(),
    status: z.enum(MEMBER_STATUSES).optional(),
    partyStatus: z.enum(PARTY_STATUSES).optional(),
    /** Bound (true) or not yet bound (false) to a WeChat user. */
    bound: z.boolean().optional(),
    /** Name search: the name contains this text. */
    q: z.string().trim().min(1).max(20).optional(),
    /** `nextCursor` of the previous page. */
    cursor: id.optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type MembersListInput = z.output<typeof membersListInput>;

export type MemberRole = { role: Role; orgId: string; orgName: string };

export type MemberItem = {
  id: string;
  name: string;
  /** The full number to an orgAdmin whose scope contains the member, else 138****1234. */
  phone: string;
  phoneMasked: boolean;
  branch: Ref;
  group: Ref | null;
  partyStatus: PartyStatus;
  status: MemberStatus;
  flow: boolean;
  /** YYYY-MM-DD or null. */
  joinedAt: string | null;
  bound: boolean;
  roles: MemberRole[];
};

export type MembersListResult = { items: MemberItem[]; total: number; nextCursor: string | null };

export const memberGetInput = z.object({ memberId: id }).strict();

export type MemberDetail = MemberItem & {
  town: Ref | null;
  /** ISO instants. */
  boundAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** What the caller may do to this member (the page shows the buttons accordingly). */
  can: { unbind: boolean; grant: boolean };
};

// ---- org.members.unbind ------------------------------------------------------------------------

export const unbindInput = z.object({ memberId: id, reason: note.min(2) }).strict();
export type UnbindInput = z.output<typeof unbindInput>;
export type UnbindResult = { memberId: string; bound: false; changed: boolean };

// ---- org.members.transfer ----------------------------------------------------------------------

/** 组织关系转接 within the county: one member to another branch, with the reason. */
export const transferInput = z.object({ memberId: id, toBranchId: id, reason: note.min(2) }).strict();
export type TransferInput = z.output<typeof transferInput>;
/** `changed: false`: the member was already there (a retried request). */
export type TransferResult = { memberId: string; fromBranchId: string; toBranchId: string; toBranchName: string; claimsMoved: number; changed: boolean };

// ---- org.roles.grant / org.roles.revoke ---------------------------------------------------------

export const roleChangeInput = z
  .object({
    memberId: id,
    role: z.enum(GRANTABLE_ROLES),
    orgId: id,
    reason: note.optional(),
  })
  .strict();
export type RoleChangeInput = z.output<typeof roleChangeInput>;
export type RoleChangeResult = { memberId: string; roles: RoleGrant[]; changed: boolean };

// ---- org.invite --------------------------------------------------------------------------------

export const inviteInput = z
  .object({
    branchId: id,
    rotate: z.boolean().optional(),
    /** Which mini-program version the invite 小程序码 opens (the showing page's envVersion). */
    envVersion: z.enum(['release', 'trial', 'develop']).default('release'),
  })
  .strict();
export type InviteInput = z.output<typeof inviteInput>;
/** The page an invite 小程序码 opens; its scene is the invite code, read by onLoad({scene}). */
export const INVITE_CODE_PAGE = 'pages/bind/index';
/**
 * `image` is the invite 小程序码 (wxacode.getUnlimited, scene = the code) as a data URL, null
 * when WeChat refused it (`imageError`); `qrText` is what the fallback QR encodes
 * (`HGJBIND:<code>`); the binding page accepts it, the scene or the bare code.
 */
export type InviteResult = { branchId: string; branchName: string; inviteCode: string; qrText: string; image: string | null; imageError: string | null; rotated: boolean };
export const INVITE_QR_PREFIX = 'HGJBIND:';

// ---- files.roster.import (registered in the files function) ---------------------------------

export const importInput = z
  .object({
    /** The spreadsheet the mini-program uploaded (wx.cloud.uploadFile), .xlsx or .csv. */
    fileID: z
      .string()
      .trim()
      .max(512)
      .regex(/^cloud:\/\/\S+\.(xlsx|csv)$/i),
    /** The org the file is imported into (its branches are named in the file). Default: the caller's orgAdmin org. */
    orgId: id.optional(),
    /** true: validate and report only; false: write the valid rows. */
    dryRun: z.boolean(),
  })
  .strict();
export type ImportInput = z.output<typeof importInput>;

/** Per-row problems of an import file; `row` is the row number as the spreadsheet shows it. */
export const IMPORT_ISSUE_MESSAGES = {
  REQUIRED: '必填项为空',
  NAME_INVALID: '姓名应为 1–30 个字，不含数字或符号',
  PHONE_INVALID: '手机号应为 11 位中国大陆手机号',
  PHONE_DUPLICATE: '手机号与文件中前面的行重复',
  PHONE_OUTSIDE_SCOPE: '该手机号已属于导入范围以外的党员，请联系上级管理员办理组织关系转接',
  BRANCH_UNKNOWN: '导入范围内没有这个支部',
  BRANCH_AMBIGUOUS: '导入范围内有多个同名支部，请改在支部下分别导入',
  BRANCH_ARCHIVED: '该支部已撤销，不能再导入党员',
  GROUP_UNKNOWN: '该支部下没有这个党小组',
  GROUP_ARCHIVED: '该党小组已撤销，不能再导入党员',
  PARTY_STATUS_INVALID: '党员类别应为“正式”或“预备”',
  STATUS_INVALID: '状态应为“正常”“转出”或“停止”',
  DATE_INVALID: '入党日期应为 1921-07-01 至今的日期，如 2001-07-01',
  FLOW_INVALID: '流动党员一栏应填“是”或“否”',
  TEXT_TOO_LONG: '内容过长',
} as const;
export type ImportIssueCode = keyof typeof IMPORT_ISSUE_MESSAGES;

export type ImportIssue = { row: number; column: string; code: ImportIssueCode; message: string };

/** One planned or applied change, for the dry-run preview. */
export type ImportChange = { row: number; kind: 'create' | 'update'; memberId: string; name: string; fields: string[] };

export type ImportResult = {
  dryRun: boolean;
  orgId: string;
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  valid: number;
  invalid: number;
  /** Dry run: would be; commit: were. */
  created: number;
  updated: number;
  unchanged: number;
  /** At most MAX_REPORTED_ISSUES, in row order; `issuesTotal` counts all. */
  issues: ImportIssue[];
  issuesTotal: number;
  /** The first changes (at most 50). */
  preview: ImportChange[];
  /**
   * Commit only: members the file moves (another branch or group) that this run did not get to
   * before its time budget; importing the same file again moves them (and changes nothing else).
   */
  movesPending?: number;
};
export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_REPORTED_ISSUES = 1000;

/**
 * files.roster.upload: the roster file as base64, for local mode (the local gateway has no
 * wx.cloud.uploadFile; a real env uses wx.cloud.uploadFile). At most MAX_UPLOAD_BYTES.
 */
export const MAX_UPLOAD_BYTES = 700 * 1024;
export const uploadInput = z
  .object({
    fileName: z
      .string()
      .trim()
      .max(100)
      .regex(/\.(xlsx|csv)$/i),
    contentBase64: z
      .string()
      .min(4)
      .max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type UploadInput = z.output<typeof uploadInput>;
export type UploadResult = { fileID: string };

// ---- org.audit.list ----------------------------------------------------------------------------

export const auditListInput = z
  .object({
    /** Records whose target lies under this org. Default: the caller's orgAdmin scope. */
    orgId: id.optional(),
    /** [from, to) as ISO instants. */
    from: instant.optional(),
    to: instant.optional(),
    /** Exact audited action, e.g. `org.roles.grant` (not `action`: that key routes the call). */
    auditAction: z.string().trim().min(1).max(64).optional(),
    targetId: id.optional(),
    cursor: z.string().trim().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type AuditListInput = z.output<typeof auditListInput>;

export type AuditItem = {
  id: string;
  /** ISO instant. */
  at: string;
  actorId: string;
  actorName: string;
  role: Role;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  reason: string;
  /** Where the write was made: the web console (docs/console.md) or the mini-program. */
  via: 'console' | 'miniprogram';
};
/** Newest first. */
export type AuditListResult = { items: AuditItem[]; nextCursor: string | null };

/** files.audit.export: the audit log with org.audit.list's filters (no paging) as .xlsx. */
export const auditExportInput = auditListInput.omit({ cursor: true, limit: true });
export type AuditExportInput = z.output<typeof auditExportInput>;
/** At most this many records go into one export; `truncated` says the filter matched more. */
export const AUDIT_EXPORT_MAX = 5000;
export type AuditExportResult = { url: string; fileID: string; rows: number; truncated: boolean };

// ---- org.create / org.rename / org.move / org.archive / org.responsibles.set -----------------

/** The org types an admin creates under the county (the county root comes from org.bootstrap). */
export const CREATABLE_ORG_TYPES = ['town', 'branch', 'group'] as const;
export type CreatableOrgType = (typeof CREATABLE_ORG_TYPES)[number];
/** An org's name as the tree shows it: 2–40 characters. */
const orgName = z.string().trim().min(2, '名称至少 2 个字').max(40, '名称不超过 40 个字');

export const orgCreateInput = z.object({ parentId: id, name: orgName, type: z.enum(CREATABLE_ORG_TYPES) }).strict();
export type OrgCreateInput = z.output<typeof orgCreateInput>;
/** `created: false`: the same org (same parent, name and type) existed already (a retried request). */
export type OrgCreateResult = { org: { id: string; name: string; type: CreatableOrgType; parentId: string; ancestors: string[] }; created: boolean };

export const orgRenameInput = z.object({ orgId: id, name: orgName, reason: note.optional() }).strict();
export type OrgRenameInput = z.output<typeof orgRenameInput>;
export type OrgRenameResult = { orgId: string; name: string; changed: boolean };

export const orgMoveInput = z.object({ orgId: id, toParentId: id, reason: note.min(2) }).strict();
export type OrgMoveInput = z.output<typeof orgMoveInput>;
/**
 * `done: false`: the function ran out of time before every document under the org followed;
 * calling org.move again with the same input finishes it (and changes nothing else).
 * `updated`: documents whose `ancestors` this call rewrote, per collection.
 */
export type OrgMoveResult = { orgId: string; parentId: string; ancestors: string[]; changed: boolean; done: boolean; updated: Record<string, number> };

export const orgArchiveInput = z.object({ orgId: id, reason: note.min(2) }).strict();
export type OrgArchiveInput = z.output<typeof orgArchiveInput>;
export type OrgArchiveResult = { orgId: string; archived: true; changed: boolean };

/**
 * org.responsibles.set: a grid's 第一责任人 (`first`) and 直接责任人 (`direct`), stored on the
 * org as `firstResponsibleId` / `directResponsibleId` (docs/api/org.md). Both are given each
 * time (the page shows both); `null` clears one.
 */
export const responsiblesInput = z.object({ orgId: id, first: memberId.nullable(), direct: memberId.nullable(), reason: note.optional() }).strict();
export type ResponsiblesInput = z.output<typeof responsiblesInput>;
export type ResponsiblesResult = { orgId: string; first: Ref | null; direct: Ref | null; changed: boolean };

// ---- org.bootstrap ---------------------------------------------------------------------------

/**
 * org.bootstrap (public, once per env): the county root, the default rule catalog, the 组织部's
 * branch and the roster entry of its first admin (countyAdmin on the county), who then binds
 * with auth.bind and the invite code returned. Guarded by the bootstrap code of the env
 * (the org function's HGJ_BOOTSTRAP_CODE, docs/flows/bootstrap.md).
 */
export const bootstrapInput = z
  .object({
    code: z.string().trim().min(16, '初始化口令不正确').max(128),
    countyName: orgName,
    /** The branch the first admin is on the roster of (default 县委组织部机关党支部). */
    branchName: orgName.optional(),
    adminName: z.string().trim().min(1).max(30),
    adminPhone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, '手机号应为 11 位中国大陆手机号'),
  })
  .strict();
export type BootstrapInput = z.output<typeof bootstrapInput>;
/**
 * The env's bootstrap state, the same on every run. `inviteCode` / `qrText` bind the first
 * admin (auth.bind with adminName and adminPhone); null once that admin has bound.
 */
export type BootstrapResult = {
  created: boolean;
  countyId: string;
  countyName: string;
  branchId: string;
  branchName: string;
  adminMemberId: string;
  adminBound: boolean;
  inviteCode: string | null;
  qrText: string | null;
  rules: string[];
};
