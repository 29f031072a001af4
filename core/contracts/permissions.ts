import type { Role } from './roles';

/**
 * Who may do what: one table, action -> roles and the target whose org scope is checked.
 *
 * The router enforces it before a use case runs (core/runtime/router.ts):
 *  1. `public`: no identity needed (binding); `anyMember`: any bound member, and the use case
 *     shows them only their own data.
 *  2. a role list: the caller must hold one of the roles somewhere, else FORBIDDEN before anything
 *     is read (a stranger learns nothing, not even whether a target exists);
 *  3. the target: `org` / `member` name it in the input (`field`), and the router loads it and
 *     checks the caller holds one of the roles on it or an ancestor (`self: true` lets a member
 *     act on themself without a role); `loaded` targets (a claim, an event, an order...) are
 *     checked by the use case once it has read them, with `authorize(ctx, ancestors, variant?)`,
 *     which takes its roles from this table too.
 * `variants` are narrower role lists for checks that depend on loaded data (a rule's approver,
 * an expiry entry); a use case names the variant, never the roles.
 *
 * The mini-program and the console get this table generated (scripts/gen-miniprogram-contracts.ts)
 * so pages offer only what the member may do; docs/api/permissions.md is printed from it.
 */
export type Target = { kind: 'none' } | { kind: 'org'; field: string; optional?: boolean } | { kind: 'member'; field: string; self?: boolean } | { kind: 'loaded'; what: string };

export type Permission = {
  roles: readonly Role[] | 'anyMember' | 'public';
  target: Target;
  variants?: Record<string, readonly Role[]>;
  /** zh-CN, shown in docs and the console's permission view. */
  summary: string;
};

const ADMINS = ['orgAdmin', 'countyAdmin'] as const satisfies readonly Role[];
const COUNTY = ['countyAdmin'] as const satisfies readonly Role[];
const SECRETARIES = ['secretary', ...ADMINS] as const satisfies readonly Role[];
const GRID_STAFF = ['gridLeader', ...SECRETARIES] as const satisfies readonly Role[];
const KEEPERS = ['storeKeeper', ...ADMINS] as const satisfies readonly Role[];
const TREE_READERS = ['gridLeader', 'secretary', 'storeKeeper', ...ADMINS] as const satisfies readonly Role[];

const none: Target = { kind: 'none' };
const org = (field: string, optional = false): Target => ({ kind: 'org', field, optional });
const member = (field: string, self = false): Target => ({ kind: 'member', field, self });
const loaded = (what: string): Target => ({ kind: 'loaded', what });

/** A claim or award under a rule is decided by the rule's approver role or those above it. */
const APPROVER_VARIANTS = {
  'approver:gridLeader': GRID_STAFF,
  'approver:secretary': SECRETARIES,
  'approver:orgAdmin': ADMINS,
  'approver:countyAdmin': COUNTY,
} as const;

export const PERMISSIONS = {
  auth: {
    me: { roles: 'anyMember', target: none, summary: '查看本人身份与角色' },
    bind: { roles: 'public', target: none, summary: '绑定党员身份' },
    // the web console's scan-to-log-in (docs/console.md): the browser asks and polls before anyone is signed in
    'console.request': { roles: 'public', target: none, summary: '电脑端管理后台申请扫码登录' },
    'console.poll': { roles: 'public', target: none, summary: '电脑端等待手机确认登录' },
    // only staff sign a console in: every role but the implicit member (TREE_READERS is exactly that list)
    'console.scan': { roles: TREE_READERS, target: none, summary: '扫码查看申请登录管理后台的浏览器' },
    'console.confirm': { roles: TREE_READERS, target: none, summary: '在手机上确认登录管理后台' },
    'console.sessions': { roles: 'anyMember', target: none, summary: '查看本人的管理后台登录' },
    'console.revoke': { roles: 'anyMember', target: none, summary: '退出本人在某台电脑上的管理后台登录' },
    'console.logout': { roles: 'anyMember', target: none, summary: '管理后台退出登录' },
    workbench: {
      roles: 'anyMember',
      target: none,
      variants: { ...APPROVER_VARIANTS, keeper: KEEPERS, offline: GRID_STAFF, grid: GRID_STAFF },
      summary: '工作台待办数量（待审核申报、待发放订单、待确认离线签到、待办网格事项，只统计本人管辖范围）',
    },
  },
  org: {
    tree: { roles: TREE_READERS, target: org('rootId', true), summary: '查看管辖范围内的组织架构' },
    'members.list': { roles: GRID_STAFF, target: org('orgId', true), variants: { fullPhone: ADMINS }, summary: '查看管辖范围内的党员名册' },
    'members.get': { roles: GRID_STAFF, target: member('memberId'), variants: { fullPhone: ADMINS }, summary: '查看党员详情（管理员可见完整手机号）' },
    'members.unbind': { roles: ADMINS, target: member('memberId'), summary: '解除党员的微信绑定' },
    'members.transfer': { roles: ADMINS, target: member('memberId'), summary: '党员组织关系转接（需同时管辖转出和转入支部）' },
    'roles.grant': { roles: ADMINS, target: member('memberId'), variants: { appointAdmin: COUNTY }, summary: '授予角色（街镇管理员由组织部任命）' },
    'roles.revoke': { roles: ADMINS, target: member('memberId'), variants: { appointAdmin: COUNTY }, summary: '撤销角色' },
    invite: { roles: SECRETARIES, target: org('branchId'), summary: '生成支部邀请码' },
    'audit.list': { roles: ADMINS, target: org('orgId', true), summary: '查看操作审计日志' },
    // the org tree is managed by admins: a town admin in its town; a town itself (and anything at the county level) by the 组织部
    create: { roles: ADMINS, target: org('parentId'), variants: { town: COUNTY }, summary: '新建下级组织（街镇由组织部新建）' },
    rename: { roles: ADMINS, target: org('orgId'), variants: { town: COUNTY }, summary: '修改组织名称（街镇由组织部修改）' },
    // the new parent is checked by the use case once read: the caller must cover both ends
    move: { roles: ADMINS, target: org('orgId'), variants: { town: COUNTY }, summary: '调整组织隶属关系（需同时管辖调出和调入的上级组织）' },
    archive: { roles: ADMINS, target: org('orgId'), variants: { town: COUNTY }, summary: '撤销组织（须先转出党员、撤销下级组织）' },
    'responsibles.set': { roles: ADMINS, target: org('orgId'), variants: { town: COUNTY }, summary: '设置网格第一责任人、直接责任人' },
    // guarded by the env's bootstrap code, not by an identity (docs/flows/bootstrap.md)
    bootstrap: { roles: 'public', target: none, summary: '首次初始化县级组织、默认积分规则和首位组织部管理员（需初始化口令）' },
  },
  points: {
    'rules.list': { roles: 'anyMember', target: none, variants: { award: SECRETARIES, manage: ADMINS, gridReport: ['gridLeader'], ...APPROVER_VARIANTS }, summary: '查看积分规则' },
    'rules.save': { roles: ADMINS, target: org('scopeOrgId'), summary: '新增或修改积分规则（全县规则由组织部维护）' },
    balance: { roles: GRID_STAFF, target: member('memberId', true), summary: '查看积分余额（本人，或管辖范围内的党员）' },
    'ledger.list': { roles: GRID_STAFF, target: member('memberId', true), summary: '查看积分明细（本人，或管辖范围内的党员）' },
    'ledger.audit': { roles: ADMINS, target: org('orgId', true), summary: '积分账本核对' },
    'ledger.reverse': { roles: SECRETARIES, target: loaded('entry'), variants: { expiry: COUNTY }, summary: '冲正一笔积分（年度清零只能由组织部冲正）' },
    'claims.submit': { roles: 'anyMember', target: none, variants: { onBehalf: ['gridLeader'] }, summary: '提交积分申报（网格长可为网格内党员代报）' },
    'claims.withdraw': { roles: 'anyMember', target: none, variants: { onBehalf: ['gridLeader'] }, summary: '撤回本人提交或代报的申报' },
    'claims.list': { roles: 'anyMember', target: none, variants: APPROVER_VARIANTS, summary: '查看本人申报；审核人查看可由本人审核的申报' },
    'claims.approve': { roles: GRID_STAFF, target: loaded('claim'), variants: APPROVER_VARIANTS, summary: '审核通过积分申报' },
    'claims.approveBatch': { roles: GRID_STAFF, target: loaded('claim'), variants: APPROVER_VARIANTS, summary: '批量审核通过积分申报' },
    'claims.reject': { roles: GRID_STAFF, target: loaded('claim'), variants: APPROVER_VARIANTS, summary: '驳回积分申报' },
    // the member's scope is checked on their balance, read in the award's transaction (no member read)
    'awards.grant': { roles: SECRETARIES, target: loaded('member balance'), variants: APPROVER_VARIANTS, summary: '按规则奖励或扣减积分' },
    'evidence.upload': { roles: 'anyMember', target: none, summary: '上传申报佐证照片' },
  },
  events: {
    create: { roles: GRID_STAFF, target: loaded('org and its scope org, read in one request'), summary: '创建活动' },
    list: { roles: 'anyMember', target: none, variants: { manage: GRID_STAFF }, summary: '查看活动列表' },
    get: { roles: 'anyMember', target: none, variants: { manage: GRID_STAFF }, summary: '查看活动详情' },
    qr: { roles: GRID_STAFF, target: loaded('event'), summary: '展示活动签到码' },
    close: { roles: GRID_STAFF, target: loaded('event'), summary: '结束或取消活动' },
    checkin: { roles: 'anyMember', target: none, summary: '扫码签到' },
    checkout: { roles: 'anyMember', target: none, summary: '扫码签退' },
    proxyCheckin: { roles: ['gridLeader', 'secretary'], target: member('memberId'), summary: '代为签到（需填写原因）' },
    attendance: { roles: GRID_STAFF, target: loaded('event'), summary: '查看和导出签到记录' },
    'offline.confirm': { roles: GRID_STAFF, target: loaded('event'), summary: '确认离线签到并记分' },
    'offline.refuse': { roles: GRID_STAFF, target: loaded('event'), summary: '不予确认离线签到' },
    'dedication.config': { roles: SECRETARIES, target: org('branchId'), summary: '设置支部奉献日' },
    'dedication.log': { roles: 'anyMember', target: none, summary: '登记本人奉献日服务' },
    'dedication.month': { roles: 'anyMember', target: none, variants: { staff: SECRETARIES }, summary: '查看奉献日月度情况' },
    'dedication.mine': { roles: 'anyMember', target: none, summary: '查看本人奉献日记录与志愿服务时长' },
  },
  files: {
    'roster.upload': { roles: ADMINS, target: none, summary: '上传花名册文件' },
    'roster.import': { roles: ADMINS, target: org('orgId', true), summary: '导入花名册' },
    'attendance.export': { roles: GRID_STAFF, target: loaded('event or org'), summary: '导出签到记录' },
    'assessment.export': { roles: ADMINS, target: loaded('cycle'), summary: '导出已发布的考核结果（Excel）' },
    'reports.export': { roles: ADMINS, target: org('orgId'), summary: '导出积分排名通报（Excel）' },
    'audit.export': { roles: ADMINS, target: org('orgId', true), summary: '导出操作审计日志（Excel）' },
  },
  store: {
    'items.list': { roles: 'anyMember', target: none, variants: { keeper: KEEPERS }, summary: '浏览积分超市商品' },
    'items.save': { roles: KEEPERS, target: loaded('item'), summary: '上架或修改商品' },
    redeem: { roles: 'anyMember', target: none, summary: '兑换商品' },
    'orders.mine': { roles: 'anyMember', target: none, summary: '查看本人兑换订单' },
    'orders.pending': { roles: KEEPERS, target: none, summary: '查看待发放的兑换订单（本人管辖的超市）' },
    'orders.fulfil': { roles: KEEPERS, target: loaded('order'), summary: '扫码核销兑换订单' },
    'orders.cancel': { roles: 'anyMember', target: none, variants: { keeper: KEEPERS }, summary: '取消订单（本人或超市管理员）' },
  },
  grid: {
    // grid issues: anyone in the grid may report (the county can switch plain members off); staff act on the issues of their scope
    'issues.report': { roles: 'anyMember', target: none, variants: { leader: ['gridLeader'] }, summary: '上报网格事项（网格长上报本网格；县里允许时党员也可上报）' },
    'issues.list': { roles: 'anyMember', target: none, variants: { staff: GRID_STAFF }, summary: '查看本人上报、交办给本人或管辖网格内的事项' },
    'issues.get': { roles: 'anyMember', target: none, variants: { staff: GRID_STAFF }, summary: '查看网格事项详情与办理过程（上报人、经办人或管辖范围内的工作人员）' },
    // staff of the level that holds the issue now (or above it): its ancestors are checked once the issue is read
    'issues.accept': { roles: GRID_STAFF, target: loaded('issue'), summary: '受理网格事项' },
    'issues.return': { roles: GRID_STAFF, target: loaded('issue'), summary: '退回网格事项（无效或重复，需填写原因）' },
    'issues.assign': { roles: GRID_STAFF, target: loaded('issue'), summary: '交办网格事项给人员或下级网格' },
    'issues.escalate': { roles: GRID_STAFF, target: loaded('issue'), summary: '上报上一级处置（需填写原因）' },
    'issues.close': { roles: GRID_STAFF, target: loaded('issue'), summary: '网格事项办结归档' },
    // the assignee (any member) or staff over the assigned org
    'issues.resolve': { roles: 'anyMember', target: none, variants: { staff: GRID_STAFF }, summary: '提交处置结果（经办人或管辖范围内的工作人员）' },
    // the reporter, or the grid's leader (and staff above it)
    'issues.verify': { roles: 'anyMember', target: none, variants: { staff: GRID_STAFF }, summary: '核实处置结果（上报人或网格长）' },
    'issues.reopen': { roles: 'anyMember', target: none, variants: { staff: GRID_STAFF }, summary: '处置结果不满意，重新处置（上报人或网格长）' },
    // the org's path comes from the caller's own ancestors or the page (checked against the caller's grants): no read
    stats: { roles: GRID_STAFF, target: loaded('org path'), summary: '查看网格事项统计（受理、办结率、超期、一级办结占比）' },
    'config.get': { roles: 'anyMember', target: none, summary: '查看网格事项分类与办理时限' },
    'config.save': { roles: COUNTY, target: org('countyId'), summary: '设置网格事项分类与各级办理时限（组织部）' },
    // 点评台账: a reviewer reviews an org strictly below the org of their grant; the reviewed org's secretary responds
    'reviews.create': { roles: SECRETARIES, target: org('orgId'), summary: '记录点评（只能点评下级组织）' },
    'reviews.list': { roles: SECRETARIES, target: none, summary: '查看本人所写或本组织收到的点评' },
    'reviews.get': { roles: SECRETARIES, target: loaded('review'), summary: '查看点评详情' },
    'reviews.respond': { roles: SECRETARIES, target: loaded('review'), summary: '被点评组织逐条回应、报送整改完成情况' },
    'reviews.recheck': { roles: SECRETARIES, target: loaded('review'), summary: '点评人复查整改（通过或限期重新整改）' },
    'reviews.promote': { roles: SECRETARIES, target: loaded('review'), summary: '将亮点标记为全县推广' },
    'reviews.highlights': { roles: 'anyMember', target: none, summary: '查看全县推广的亮点' },
    'reviews.stats': { roles: SECRETARIES, target: org('orgId'), summary: '点评统计（按点评人、按组织）' },
  },
  reports: {
    // members see the rankings of their own branch, town and county; staff those in their scope
    rank: { roles: 'anyMember', target: none, variants: { staff: TREE_READERS }, summary: '查看积分排行（本人所在组织，或管辖范围内的组织）' },
    myRank: { roles: 'anyMember', target: none, summary: '查看本人积分与各级排名' },
    orgRank: { roles: 'anyMember', target: none, variants: { staff: TREE_READERS }, summary: '查看组织排名（人均积分、参与率）' },
    'stars.list': { roles: 'anyMember', target: none, variants: { staff: SECRETARIES }, summary: '查看本支部每月之星（书记可见推荐人选）' },
    'stars.confirm': { roles: SECRETARIES, target: org('branchId'), summary: '确认或改选本支部每月之星（改选需说明理由）' },
    'stars.publish': { roles: ADMINS, target: org('orgId'), summary: '发布辖区每月之星' },
    'stars.history': { roles: 'anyMember', target: none, variants: { staff: SECRETARIES }, summary: '查看支部历月每月之星' },
    honours: { roles: SECRETARIES, target: org('orgId'), summary: '查看十佳与末位及约谈记录' },
    'honours.followUp': { roles: ADMINS, target: org('orgId'), summary: '登记末位约谈' },
    'exclusions.set': { roles: SECRETARIES, target: member('memberId'), summary: '设置党员不参与排名的类别（年老体弱、患病等）' },
  },
  assess: {
    // 党组织积分: the org ledger, its rules, and each org's quarter score with its sources
    'orgRules.list': { roles: SECRETARIES, target: none, summary: '查看党组织积分规则' },
    'orgRules.save': { roles: COUNTY, target: none, summary: '新增或修改党组织积分规则（组织部）' },
    'org.post': { roles: ADMINS, target: org('orgId'), variants: { county: COUNTY }, summary: '登记党组织确认项、加减分（示范点、品牌由组织部确认）' },
    'org.reverse': { roles: ADMINS, target: loaded('org entry'), summary: '冲正一笔党组织积分' },
    'org.score': { roles: SECRETARIES, target: org('orgId'), summary: '查看党组织季度积分及来源' },
    'org.audit': { roles: ADMINS, target: org('orgId', true), summary: '党组织积分账本核对' },
    // the quarterly assessment's settings and member categories (差异化考核)
    'config.get': { roles: SECRETARIES, target: none, summary: '查看考核设置' },
    'config.save': { roles: COUNTY, target: none, summary: '修改考核设置（类别、权重、等次、补贴系数）' },
    'categories.set': { roles: SECRETARIES, target: member('memberId'), summary: '设置党员考核类别' },
    // 评议 rounds: ballots are anonymous (docs/flows/assessment.md)
    'rounds.open': { roles: ADMINS, target: org('scopeOrgId'), summary: '发起民主评议' },
    'rounds.close': { roles: ADMINS, target: loaded('round'), summary: '结束民主评议并计票' },
    'rounds.list': { roles: 'anyMember', target: none, variants: { manage: ADMINS }, summary: '查看可参加或管辖的民主评议' },
    'rounds.result': { roles: SECRETARIES, target: loaded('round'), summary: '查看民主评议结果（结束后）' },
    'rounds.vote': { roles: 'anyMember', target: none, summary: '参加民主评议投票（可在结束前修改）' },
    'rounds.voteByInvite': { roles: 'public', target: none, summary: '群众代表凭邀请码参加民主评议' },
    // the quarterly assessment: compute -> review -> publish -> appeals -> final
    'cycles.compute': { roles: ADMINS, target: org('townId'), summary: '计算季度考核（草稿）' },
    'cycles.get': { roles: ADMINS, target: org('townId'), summary: '查看季度考核进度与党组织等次变化' },
    'cycles.review': { roles: ADMINS, target: loaded('cycle'), summary: '街镇审核季度考核' },
    'cycles.publish': { roles: ADMINS, target: loaded('cycle'), summary: '发布季度考核结果（发布后冻结）' },
    'cycles.finalize': { roles: ADMINS, target: loaded('cycle'), summary: '申诉期满后定稿' },
    'results.mine': { roles: 'anyMember', target: none, summary: '查看本人季度考核结果' },
    'results.list': { roles: SECRETARIES, target: org('orgId'), summary: '查看管辖范围内的考核结果' },
    'appeals.submit': { roles: 'anyMember', target: none, variants: { staff: SECRETARIES }, summary: '对考核结果提出申诉（本人，或书记为本支部）' },
    'appeals.answer': { roles: ADMINS, target: loaded('appeal'), summary: '答复考核申诉' },
    'appeals.list': { roles: ADMINS, target: org('orgId'), summary: '查看考核申诉' },
    // 挂图作战 campaigns
    'campaigns.save': { roles: ADMINS, target: org('scopeOrgId'), summary: '设置挂图作战指标、目标和责任人' },
    'campaigns.report': { roles: SECRETARIES, target: org('orgId'), summary: '填报挂图作战指标完成情况（附佐证）' },
    'campaigns.list': { roles: SECRETARIES, target: none, summary: '查看管辖范围内或本支部参与的挂图作战' },
    'campaigns.progress': { roles: SECRETARIES, target: loaded('campaign'), summary: '查看挂图作战进度与排名' },
    'campaigns.note': { roles: ADMINS, target: loaded('campaign'), summary: '登记督导意见或约谈记录' },
  },
} as const satisfies Record<string, Record<string, Permission>>;

export type FunctionName = keyof typeof PERMISSIONS;
export type ActionName<F extends FunctionName> = keyof (typeof PERMISSIONS)[F] & string;
/** `points.claims.approve` and the like: every action the clients can be allowed. */
export type QualifiedAction = { [F in FunctionName]: `${F}.${ActionName<F>}` }[FunctionName];

export function permissionOf(fn: string, action: string): Permission | undefined {
  const table = (PERMISSIONS as Record<string, Record<string, Permission>>)[fn];
  return table && Object.prototype.hasOwnProperty.call(table, action) ? table[action] : undefined;
}

/** The roles a check uses: the variant's when named (a variant must exist), else the action's. */
export function rolesFor(p: Permission, variant?: string): readonly Role[] {
  if (variant !== undefined) {
    const v = p.variants?.[variant];
    return v ?? [];
  }
  return p.roles === 'public' || p.roles === 'anyMember' ? [] : p.roles;
}
