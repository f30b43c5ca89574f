// Keycloak's check of a redirect_uri against a client's "Valid Redirect URIs" (keycloak/keycloak services/.../protocol/
// oidc/utils/RedirectUtils.java verifyRedirectUri and matchesRedirects): the scheme and host are compared lower-cased,
// the query is left out of the comparison, and a registered URI ending in `*` matches every URI that starts with what
// comes before it (and, without a trailing slash, that prefix itself). No other wildcard exists.

/** The redirect_uri to use if it is registered for the client; undefined when Keycloak refuses it. */
export function verifyRedirectUri(registered: readonly string[], redirectUri: string | null): string | undefined {
  if (redirectUri === null || registered.length === 0) return undefined;
  const uri = lowerCaseHost(redirectUri);
  const query = uri.indexOf('?');
  const compared = query === -1 ? uri : uri.slice(0, query);
  return registered.some((valid) => matches(valid, compared)) ? uri : undefined;
}

function matches(valid: string, uri: string): boolean {
  if (!valid.endsWith('*')) return valid === uri;
  const prefix = valid.slice(0, -1);
  if (uri.startsWith(prefix)) return true;
  return prefix.length > 1 && prefix.endsWith('/') && prefix.slice(0, -1) === uri;
}

/** Everything before the first `/` after `scheme://`, lower-cased; the path keeps its case. */
function lowerCaseHost(uri: string): string {
  const slash = uri.indexOf('/', 7);
  return slash === -1 ? uri.toLowerCase() : uri.slice(0, slash).toLowerCase() + uri.slice(slash);
}
