// The shapes of the simulated Keycloak's answers: a status, headers and a body, JSON or an OAuth error.
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// RFC 6749 section 5.1: token responses must not be cached; Keycloak sets both headers on every answer of the endpoint.
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Keycloak's OAuth error body, `{"error": ..., "error_description": ...}`. */
export function oauthError(status: number, error: string, description: string): Reply {
  return jsonReply(status, { error, error_description: description }, NO_STORE);
}
