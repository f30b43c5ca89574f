// Who a request acts for, and with which Kubernetes credentials: every Kubernetes call made for the request (part 3
// of issue 21) uses `credentials` through requestOptionsFor (kube-credentials.ts).
import type { AuthStrategyName } from './auth-config.js';

export type KubeCredentials =
  /** The user's own bearer token: a pasted ServiceAccount token, an OIDC ID token, or one a proxy passed on. */
  | { kind: 'token'; token: string }
  /** The console's own credentials with Impersonate-User and Impersonate-Group: it needs `impersonate` on them. */
  | { kind: 'impersonate'; user: string; groups: string[] }
  /** The console's own identity (the anonymous strategy). */
  | { kind: 'console' };

export interface RequestUser {
  name: string;
  groups: string[];
  strategy: AuthStrategyName;
  credentials: KubeCredentials;
}

/** The user of every request under the anonymous strategy. */
export const ANONYMOUS_USER: RequestUser = {
  name: 'anonymous',
  groups: [],
  strategy: 'anonymous',
  credentials: { kind: 'console' },
};
