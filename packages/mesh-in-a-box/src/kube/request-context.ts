import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeAuth } from './auth/kube-auth.js';
import type { UserInfo } from './auth/user-info.js';
import type { ObjectStore } from '../store/object-store.js';
import type { FaultInjector } from './kube-faults.js';
import type { KubeApiHooks } from './kube-api-hooks.js';
import type { ResourceRequest } from './parse-request-path.js';

/** Everything a handler of one resource request needs. */
export interface RequestContext {
  store: ObjectStore;
  hooks: KubeApiHooks;
  faults: FaultInjector;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  request: ResourceRequest;
  /** Aborted when the server closes: streams (watch, log follow) end. */
  closing: AbortSignal;
  bookmarkIntervalMs: number;
  /** RBAC, when the server has it (writes of roles and bindings check escalation against it). */
  auth: KubeAuth | undefined;
  /** Who the request acts as, impersonation applied. */
  user: UserInfo;
}

/** The query flag as the API server reads booleans: "true" or "1". */
export const queryFlag = (url: URL, name: string) => ['true', '1'].includes(url.searchParams.get(name) ?? '');
