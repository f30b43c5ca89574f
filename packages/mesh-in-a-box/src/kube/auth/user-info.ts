// Who a request acts as, as k8s.io/apiserver's user.Info carries it, and the names Kubernetes gives its fixed users
// and groups (k8s.io/apiserver pkg/authentication/user/user.go, pkg/authentication/serviceaccount/util.go).

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const ANONYMOUS = 'system:anonymous';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const SYSTEM_MASTERS = 'system:masters';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The request without credentials, as the API server's anonymous authenticator names it. */
export const anonymousUser = (): UserInfo => ({ username: ANONYMOUS, groups: [ALL_UNAUTHENTICATED] });

export const serviceAccountUsername = (namespace: string, name: string) =>
  `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;

/** The groups every token of a service account carries. */
export const serviceAccountGroups = (namespace: string) => [
  ALL_SERVICE_ACCOUNTS,
  `${ALL_SERVICE_ACCOUNTS}:${namespace}`,
];

/** `system:serviceaccount:demo:viewer` → { namespace: 'demo', name: 'viewer' }; undefined for any other username. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** Adds system:authenticated unless the groups already say authenticated or not, as the authenticators do. */
export function withAuthenticatedGroup(groups: string[]): string[] {
  return groups.includes(ALL_AUTHENTICATED) || groups.includes(ALL_UNAUTHENTICATED)
    ? groups
    : [...groups, ALL_AUTHENTICATED];
}
