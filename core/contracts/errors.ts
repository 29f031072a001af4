/**
 * The closed list of result codes. Every failure a client can see is one of these, with a zh-CN
 * message a member can read on a phone. Area codes are grouped below the shared ones.
 */
export const ERROR_MESSAGES = {
  // shared by every function
  UNAUTHENTICATED: '未获取到微信身份，请在微信中重新打开小程序',
  NOT_BOUND: '尚未绑定党员身份，请先完成绑定',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '要找的内容不存在或已被删除',
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  UNKNOWN_ACTION: '不支持的操作，请更新小程序后重试',
  CONFLICT: '该操作已用不同的内容提交过，请刷新后重试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  BUSY: '当前使用人数较多，请稍后重试',
  INTERNAL: '系统开小差了，请稍后重试',
  // organizations and binding
  BIND_CODE_INVALID: '邀请码不正确，请向支部书记确认',
  BIND_MEMBER_NOT_FOUND: '花名册中没有找到与姓名、手机号相符的党员',
  ALREADY_BOUND: '该微信已绑定党员身份',
  MEMBER_ALREADY_BOUND: '该党员已被其他微信绑定，如有疑问请联系支部书记',
  IMPORT_FILE_INVALID: '无法读取导入文件，请使用模板格式的 Excel 或 CSV 文件',
  IMPORT_TOO_LARGE: '导入文件过大，请分批导入（每次不超过 5000 行）',
  ORG_ARCHIVED: '该组织已撤销，不能再为它安排新的事项',
  // web console login
  CONSOLE_LOGIN_EXPIRED: '登录二维码已过期或已使用，请在电脑上刷新二维码',
  CONSOLE_SESSION_ENDED: '管理后台登录已失效，请重新扫码登录',
  // points
  CAP_EXCEEDED: '已达到该积分项目的周期上限',
  INSUFFICIENT_POINTS: '兑换积分不足',
  CLAIM_NOT_PENDING: '该申报已处理或已撤回',
  SELF_APPROVAL: '不能审批本人的申报',
  RULE_INACTIVE: '该积分项目当前未启用',
  RULE_NOT_CLAIMABLE: '该积分项目不能自行申报',
  EVIDENCE_REQUIRED: '该积分项目需要上传照片作为佐证',
  // check-in
  EVENT_NOT_OPEN: '活动尚未开始或已结束',
  CHECKIN_TOKEN_INVALID: '签到码无效，请扫描现场出示的签到码',
  CHECKIN_TOKEN_EXPIRED: '签到码已过期，请重新扫描现场的最新签到码',
  CHECKIN_OFFLINE_TOO_LATE: '离线保存的扫码超过了补传期限（签到结束后不久），未能签到，请联系活动组织者',
  CHECKIN_OUT_OF_WINDOW: '不在签到时间内',
  CHECKIN_NOT_IN_SCOPE: '您不在本次活动的参加范围内',
  CHECKIN_OUT_OF_RANGE: '您不在活动地点附近，无法签到',
  ALREADY_CHECKED_IN: '您已签到，无需重复签到',
  NOT_CHECKED_IN: '尚未签到，无法签退',
  ALREADY_CHECKED_OUT: '您已签退',
  EVENT_FULL: '活动人数已满',
  LOCATION_REQUIRED: '本活动需要获取位置后才能签到',
  // store
  OUT_OF_STOCK: '该商品已兑完',
  LIMIT_REACHED: '已达到该商品的兑换次数上限',
  ITEM_INACTIVE: '该商品已下架或不在兑换期内',
  ORDER_NOT_CANCELLABLE: '该订单已核销或已取消，不能取消',
  ORDER_NOT_FULFILLABLE: '该订单已取消或已核销，不能核销',
  PICKUP_CODE_INVALID: '取货码无效，请让党员出示订单取货码',
  // grid issues and the review ledger
  ISSUE_WRONG_STATE: '该事项当前状态不能进行此操作，请刷新后重试',
  ISSUE_NOT_ASSIGNED: '该事项尚未交办，不能办结',
  ISSUE_CLOSED: '该事项已办结，不能再操作',
  ISSUE_TOP_LEVEL: '该事项已在县级，无法再上报',
  ISSUE_NOT_DUE: '该事项尚未超过办理时限',
  GRID_CATEGORY_UNKNOWN: '没有这个事项分类，请重新选择',
  GRID_REPORT_NOT_ALLOWED: '本县目前只允许网格长上报网格事项',
  REVIEW_NOT_BELOW: '只能点评下级组织',
  MEASURE_WRONG_STATE: '该整改措施当前状态不能进行此操作，请刷新后重试',
  // assessment and org scoring
  ROUND_CLOSED: '该民主评议已结束',
  NOT_A_VOTER: '您不在本次民主评议的投票范围内',
  INVITE_INVALID: '邀请码不正确或不属于本次评议',
  CYCLE_STATE: '考核当前所处阶段不能进行此操作',
  APPEAL_CLOSED: '申诉期已过或该结果已有申诉',
  APPEAL_NOT_PENDING: '该申诉已答复',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export function messageFor(code: ErrorCode): string {
  return ERROR_MESSAGES[code];
}
