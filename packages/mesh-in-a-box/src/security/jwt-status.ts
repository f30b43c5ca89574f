// The statuses of Envoy's jwt_authn filter that the mesh in a box can produce, with the words Envoy sends as the body
// of its local reply (google/jwt_verify_lib src/status.cc getStatusString, the library the filter uses).

export type JwtStatus =
  | 'JwtBadFormat'
  | 'JwtHeaderNotImplementedAlg'
  | 'JwtUnknownIssuer'
  | 'JwtExpired'
  | 'JwtNotYetValid'
  | 'JwtAudienceNotAllowed'
  | 'JwksKidAlgMismatch'
  | 'JwtVerificationFail';

export const JWT_STATUS_TEXT: Record<JwtStatus, string> = {
  JwtBadFormat: 'Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections',
  JwtHeaderNotImplementedAlg: 'Jwt header [alg] field value is invalid',
  JwtUnknownIssuer: 'Jwt issuer is not configured',
  JwtExpired: 'Jwt is expired',
  JwtNotYetValid: 'Jwt not yet valid',
  JwtAudienceNotAllowed: 'Audiences in Jwt are not allowed',
  JwksKidAlgMismatch: "Jwks doesn't have key to match kid or alg from Jwt",
  JwtVerificationFail: 'Jwt verification fails',
};

/**
 * Envoy's jwt_authn answers 403 to a token whose audience is not allowed and 401 to every other failure
 * (envoyproxy/envoy source/extensions/filters/http/jwt_authn/filter.cc onComplete).
 */
export function jwtStatusCode(status: JwtStatus): 401 | 403 {
  return status === 'JwtAudienceNotAllowed' ? 403 : 401;
}

/**
 * %RESPONSE_CODE_DETAILS% of the reply: `jwt_authn_access_denied{<text with spaces as underscores>}` (filter.cc
 * generateRcDetails), e.g. jwt_authn_access_denied{Jwt_verification_fails} in shared/fixtures/wire.
 */
export function jwtDetails(status: JwtStatus): string {
  return `jwt_authn_access_denied{${JWT_STATUS_TEXT[status].replaceAll(' ', '_')}}`;
}
