import { ApiError } from '../api-error.js';
import { forbiddenError } from './forbidden.js';
import type { Decision } from './rbac-authorizer.js';
import type { RequestAttributes } from './policy-rule.js';
import {
  ALL_AUTHENTICATED,
  ALL_UNAUTHENTICATED,
  ANONYMOUS,
  serviceAccountGroups,
  serviceAccountUsername,
  splitServiceAccountUsername,
  type UserInfo,
} from './user-info.js';

// Impersonation as k8s.io/apiserver pkg/endpoints/filters/impersonation.go does it: each Impersonate-* header is one
// thing to act as, and the caller must be allowed the verb `impersonate` on it — users (core group), a service
// account (serviceaccounts in its namespace, when the user is system:serviceaccount:ns:name), groups, uids and
// userextras/<key> (authentication.k8s.io) — or the request is refused with the 403 for that check. The request then
// runs as the impersonated user: groups as given, or a service account's own, and system:authenticated.

const AUTHENTICATION_GROUP = 'authentication.k8s.io';
const EXTRA_PREFIX = 'impersonate-extra-';

// Go's server hands a header's bytes over as they came, and clients (client-go, kubectl --as) send a name's UTF-8
// bytes; Node reads each byte as one Latin-1 character, so the bytes are put back together as UTF-8 here.
const utf8 = (value: string) => Buffer.from(value, 'latin1').toString('utf8');
const one = (values: string[] | undefined) => (values?.[0] === undefined ? '' : utf8(values[0]));
// One value per header line, as Go's req.Header[name] lists them (kubectl --as-group once per group): a comma inside a
// line is part of the name, not a separator.
const listOf = (values: string[] | undefined): string[] => (values ?? []).map(utf8);

/** The user to act as, or undefined when the request impersonates no one; throws the 403 (or 500) otherwise. */
export function impersonatedUser(
  requestor: UserInfo,
  /** Node's req.headersDistinct: every line of a repeated header apart, as Go keeps them. */
  headers: NodeJS.Dict<string[]>,
  authorize: (user: UserInfo, a: RequestAttributes) => Decision,
): UserInfo | undefined {
  const username = one(headers['impersonate-user']);
  const groups = listOf(headers['impersonate-group']);
  const uid = one(headers['impersonate-uid']);
  const extra: Record<string, string[]> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith(EXTRA_PREFIX)) continue;
    extra[decodeURIComponent(header.slice(EXTRA_PREFIX.length))] = listOf(value);
  }
  const hasExtra = Object.keys(extra).length > 0;
  if (!username && groups.length === 0 && !uid && !hasExtra) return undefined;
  if (!username) {
    // buildImpersonationRequests refuses groups, extras or a uid without a user; the filter answers 500.
    throw new ApiError(
      500,
      'InternalError',
      `Internal error occurred: requested impersonation of groups, extras or a uid without impersonating a user`,
    );
  }

  const check = (a: RequestAttributes) => {
    const decision = authorize(requestor, a);
    if (!decision.allowed) throw forbiddenError(requestor.username, a, decision.reason);
  };
  const impersonate = { resourceRequest: true as const, verb: 'impersonate' };
  const account = splitServiceAccountUsername(username);
  if (account) {
    check({ ...impersonate, group: '', resource: 'serviceaccounts', namespace: account.namespace, name: account.name });
  } else {
    check({ ...impersonate, group: '', resource: 'users', name: username });
  }
  for (const group of groups) check({ ...impersonate, group: '', resource: 'groups', name: group });
  for (const [key, values] of Object.entries(extra)) {
    for (const value of values) {
      check({ ...impersonate, group: AUTHENTICATION_GROUP, resource: 'userextras', subresource: key, name: value });
    }
  }
  if (uid) check({ ...impersonate, group: AUTHENTICATION_GROUP, resource: 'uids', name: uid });

  // Given groups are the authority, a service account's own otherwise; every user but anonymous is authenticated
  // unless the groups say system:unauthenticated.
  let actingGroups = groups.length > 0 ? groups : account ? serviceAccountGroups(account.namespace) : [];
  if (username !== ANONYMOUS && !actingGroups.some((g) => g === ALL_AUTHENTICATED || g === ALL_UNAUTHENTICATED)) {
    actingGroups = [...actingGroups, ALL_AUTHENTICATED];
  }
  return {
    username: account ? serviceAccountUsername(account.namespace, account.name) : username,
    ...(uid ? { uid } : {}),
    groups: actingGroups,
    ...(hasExtra ? { extra } : {}),
  };
}
