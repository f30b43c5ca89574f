export { SecurityIndex, sameInputs, securityInputs, type WorkloadSecurity } from './security-index.js';
export { SecurityStats, type SecurityStatRow } from './security-stats.js';
export { checkInbound, type InboundVerdict, type LocalReply, type LocalReplyKind } from './inbound-check.js';
export { mtlsModeAt, composePeerAuthentication, type MtlsMode } from './peer-authentication.js';
export { NO_JWKS, type JwksOf, type AuthenticatedRequest } from './request-authentication.js';
