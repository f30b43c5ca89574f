// The API server's answers about identities, asked with a user's credentials or the console's own: who a token
// belongs to (SelfSubjectReview, else TokenReview), and whether someone may do something (SelfSubjectAccessReview).
// One KubeConfig (the first cluster's): a login is a login to that cluster.
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubernetesError, RefusedError } from '../../errors.js';
import { HttpFailure, httpCall, type HttpAnswer } from '../../sources/http-get.js';
import { requireDeclared, type KubeVerb } from '../../sources/kube-calls.js';
import { requestOptionsFor } from '../kube-credentials.js';
import type { ResourceRule } from '../access-rules.js';
import type { KubeCredentials } from '../request-user.js';

export interface KubeIdentity {
  username: string;
  groups: string[];
}

export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  /** Empty: every namespace. */
  namespace: string;
}

export interface KubeReviews {
  readonly server: string;
  /** Who this token is to the API server; RefusedError 401 with the reason when it is not valid. */
  reviewToken(token: string, signal?: AbortSignal): Promise<KubeIdentity>;
  /** Who these credentials are (SelfSubjectReview); null when the API server does not serve it. */
  whoAmI(credentials: KubeCredentials, signal?: AbortSignal): Promise<KubeIdentity | null>;
  /**
   * The console's own identity (what the anonymous strategy lets everyone act as): the API server's answer, else the
   * kubeconfig's user name. Asked again after a minute.
   */
  consoleIdentity(signal?: AbortSignal): Promise<KubeIdentity>;
  /** SelfSubjectAccessReview as these credentials; null when it cannot be asked. */
  canI(credentials: KubeCredentials, attributes: AccessAttributes, signal?: AbortSignal): Promise<boolean | null>;
  /**
   * The rules these credentials have in a namespace (SelfSubjectRulesReview: the cluster-wide bindings' rules
   * included). RefusedError 401 when the API server no longer accepts the credentials.
   */
  rulesIn(credentials: KubeCredentials, namespace: string, signal?: AbortSignal): Promise<ResourceRule[]>;
}

const AUTHN = '/apis/authentication.k8s.io/v1';
const JSON_TYPE = 'application/json';

function messageOf(answer: HttpAnswer): string {
  try {
    return (JSON.parse(answer.text) as { message?: string }).message ?? answer.text.slice(0, 200);
  } catch {
    return answer.text.slice(0, 200);
  }
}

function identityOf(userInfo: { username?: string; groups?: string[] } | undefined): KubeIdentity | null {
  if (!userInfo?.username) return null;
  return { username: userInfo.username, groups: userInfo.groups ?? [] };
}

export function createKubeReviews(kc: KubeConfig, timeoutMs: number): KubeReviews {
  const server = kc.getCurrentCluster()?.server ?? '(no server)';
  const where = `the Kubernetes API at ${server}`;

  async function post(path: string, body: unknown, credentials: KubeCredentials, signal?: AbortSignal) {
    requireDeclared({ method: 'POST', path });
    const consoleOptions: RequestOptions = {};
    await kc.applyToHTTPSOptions(consoleOptions);
    try {
      return await httpCall({
        url: `${server}${path}`,
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': JSON_TYPE },
        timeoutMs,
        signal,
        requestOptions: requestOptionsFor(consoleOptions, credentials),
      });
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      throw new KubernetesError(
        err.kind === 'timeout' ? 'timeout' : 'unreachable',
        `${where} did not answer ${path}: ${err.message} (KUBECONFIG)`,
        err,
      );
    }
  }

  const selfReview = (credentials: KubeCredentials, signal?: AbortSignal) =>
    post(
      `${AUTHN}/selfsubjectreviews`,
      { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      credentials,
      signal,
    );

  let consoleIdentity: { identity: KubeIdentity; untilMs: number } | undefined;
  const refused = (why: string) => new RefusedError(401, 'invalid_token', `${where} refused this token: ${why}`);

  return {
    server,
    async reviewToken(token, signal) {
      const self = await selfReview({ kind: 'token', token }, signal);
      if (self.status === 401)
        throw refused(`${messageOf(self)}. It may have expired or been revoked, or belong to another cluster`);
      if (self.status < 300) {
        const identity = identityOf(
          (JSON.parse(self.text) as { status?: { userInfo?: KubeIdentity } }).status?.userInfo,
        );
        if (identity) return identity;
      }
      // SelfSubjectReview is GA since Kubernetes 1.28 and open to every authenticated user (system:basic-user);
      // where it is not served or not allowed, the console asks TokenReview with its own credentials.
      const review = await post(
        `${AUTHN}/tokenreviews`,
        { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
        { kind: 'console' },
        signal,
      );
      if (review.status >= 300)
        throw new RefusedError(
          401,
          'token_unverifiable',
          `${where} could not verify the token: SelfSubjectReview answered ${self.status} and TokenReview ${review.status} (${messageOf(review)}); the console's own identity needs create on tokenreviews`,
        );
      const status = (
        JSON.parse(review.text) as {
          status?: { authenticated?: boolean; error?: string; user?: { username?: string; groups?: string[] } };
        }
      ).status;
      const identity = status?.authenticated ? identityOf(status.user) : null;
      if (!identity) throw refused(status?.error || 'it is not a valid token of this cluster');
      return identity;
    },
    async whoAmI(credentials, signal) {
      const answer = await selfReview(credentials, signal);
      if (answer.status >= 300) return null;
      return identityOf((JSON.parse(answer.text) as { status?: { userInfo?: KubeIdentity } }).status?.userInfo);
    },
    async consoleIdentity(signal) {
      if (consoleIdentity && consoleIdentity.untilMs > Date.now()) return consoleIdentity.identity;
      const asked = await selfReview({ kind: 'console' }, signal).catch(() => null);
      let identity: KubeIdentity | null = null;
      if (asked && asked.status < 300)
        identity = identityOf((JSON.parse(asked.text) as { status?: { userInfo?: KubeIdentity } }).status?.userInfo);
      identity ??= { username: kc.getCurrentUser()?.name ?? '(no user)', groups: [] };
      consoleIdentity = { identity, untilMs: Date.now() + 60_000 };
      return identity;
    },
    async canI(credentials, attributes, signal) {
      // The console relies on the answer as a right it may hold itself (the anonymous strategy): declared too.
      requireDeclared({ verb: attributes.verb as KubeVerb, group: attributes.group, resource: attributes.resource });
      const answer = await post(
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: attributes },
        },
        credentials,
        signal,
      );
      if (answer.status >= 300) return null;
      return (JSON.parse(answer.text) as { status?: { allowed?: boolean } }).status?.allowed === true;
    },
    async rulesIn(credentials, namespace, signal) {
      const path = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
      const answer = await post(
        path,
        { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
        credentials,
        signal,
      );
      if (answer.status === 401)
        throw new RefusedError(
          401,
          'unauthenticated',
          `${where} no longer accepts your credentials (${messageOf(answer)}): log in again`,
        );
      if (answer.status >= 300)
        throw new KubernetesError(
          answer.status >= 500 ? 'unreachable' : 'rejected',
          `${where} answered ${answer.status} to ${path} in namespace ${namespace}: ${messageOf(answer)}; the console reads a person's rights with it`,
        );
      // An `incomplete` answer (an authorizer that cannot list rules, e.g. a webhook) holds fewer rules than the person
      // has: the console shows less, never more, and the API server still decides every call made as the person.
      return (JSON.parse(answer.text) as { status?: { resourceRules?: ResourceRule[] } }).status?.resourceRules ?? [];
    },
  };
}
