// Generated from core/contracts (WeChat DevTools cannot load files outside miniprogram/).
export { PARTY_STATUS_LABELS, ROLE_LABELS } from '../generated/contracts';
