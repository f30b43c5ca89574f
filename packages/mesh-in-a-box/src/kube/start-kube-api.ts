import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import type { ObjectStore } from '../store/object-store.js';
import { methodNotSupported, notFoundPath, toApiError } from './api-error.js';
import {
  AGGREGATED_DISCOVERY_V2,
  AGGREGATED_DISCOVERY_V2BETA1,
  aggregatedDiscovery,
  aggregatedDiscoveryWanted,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery.js';
import { serveAuthorization } from './access-review.js';
import { serveAuthentication } from './auth/authentication-api.js';
import { forbiddenError } from './auth/forbidden.js';
import { impersonatedUser } from './auth/impersonation.js';
import { ADMIN_USER, type KubeAuth } from './auth/kube-auth.js';
import { requestInfo } from './auth/request-info.js';
import { handleTokenRequest } from './auth/token-request.js';
import type { UserInfo } from './auth/user-info.js';
import { checkWriteOptions } from './decode-object.js';
import { handlePatch } from './handle-patch.js';
import { handleScale } from './handle-scale.js';
import { sendJson, sendStatus } from './http-io.js';
import type { KubeApiHooks } from './kube-api-hooks.js';
import { FaultInjector, type KubeFaults } from './kube-faults.js';
import { openApiV3GroupVersion, openApiV3Root } from './openapi.js';
import { servingCertificate } from './serving-certificate.js';
import { parseRequestPath } from './parse-request-path.js';
import { handlePodLogs } from './pod-logs.js';
import { handlePodProxy } from './pod-proxy.js';
import { handleGet, handleList } from './read-objects.js';
import { queryFlag, type RequestContext } from './request-context.js';
import { handleWatch } from './watch-stream.js';
import { handleCreate, handleDelete, handleDeleteCollection, handleUpdate } from './write-objects.js';

export interface KubeApiOptions {
  store: ObjectStore;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  hooks?: KubeApiHooks;
  /** How often open watches that allow bookmarks get one; the real API server sends about one a minute. */
  bookmarkIntervalMs?: number;
  /**
   * Authentication and RBAC, as a real API server has them. Without it every request acts as the admin and may do
   * everything (for tests of other concerns that talk to the API without credentials).
   */
  auth?: KubeAuth;
}

export interface KubeApi {
  /** http://host:port: plain HTTP, for curl and fetch (credentials as headers, checked as over TLS). */
  url: string;
  /** https://host:port, the same port over TLS with a self-signed certificate: for a kubeconfig's server field. */
  secureUrl: string;
  close(): Promise<void>;
  faults: KubeFaults;
}

interface ServerState {
  store: ObjectStore;
  hooks: KubeApiHooks;
  faults: FaultInjector;
  closing: AbortSignal;
  bookmarkIntervalMs: number;
  address: string;
  auth: KubeAuth | undefined;
}

const VERB_BY_METHOD: Record<string, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};
const PROXY_ONLY_VERBS: Record<string, string> = { HEAD: 'get', OPTIONS: 'options' };

/** Starts the Kubernetes API of the mesh in a box over `store`: what kubectl and client-go informers talk to. */
export async function startKubeApi(options: KubeApiOptions): Promise<KubeApi> {
  const faults = new FaultInjector();
  const closing = new AbortController();
  const state: ServerState = {
    store: options.store,
    hooks: options.hooks ?? {},
    faults,
    closing: closing.signal,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 15_000,
    address: '',
    auth: options.auth,
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(state, req, res).catch((err: unknown) => sendStatus(res, toApiError(err)));
  };
  const host = options.host ?? '127.0.0.1';
  const plain = createServer(handler);
  const secure = createTlsServer(servingCertificate(host, Date.now()), handler);
  // One port speaks both: a TLS ClientHello starts with the handshake record type 0x16, plain HTTP with a method.
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return socket.destroy();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit('connection', socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(options.port ?? 0, host, () => resolve());
  });
  const { address, port } = front.address() as AddressInfo;
  const hostPart = address.includes(':') ? `[${address}]` : address;
  state.address = `${hostPart}:${port}`;
  return {
    url: `http://${hostPart}:${port}`,
    secureUrl: `https://${hostPart}:${port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort(); // ends watches and log streams with their final chunk
        front.close(() => resolve());
        plain.closeAllConnections();
        secure.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (state.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.faults.latencyMs));
  const url = new URL(req.url ?? '/', 'http://mesh-in-a-box');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = req.method ?? 'GET';
  const user = await authorizeRequest(state, req, method, url);
  if (serveNonResource(state, req, res, path)) return;
  if (state.auth && method === 'GET' && (await serveIssuerDiscovery(state.auth, res, path))) return;
  if (await serveAuthorization({ faults: state.faults, auth: state.auth, user }, req, res, path)) return;
  if (await serveAuthentication(state.auth, user, req, res, path)) return;

  const parsed = parseRequestPath(path);
  if (parsed.kind === 'notFound') throw notFoundPath();
  if (parsed.kind !== 'resource') {
    if (method !== 'GET') throw methodNotSupported(method, path);
    const doc =
      parsed.kind === 'group' ? apiGroupDocument(parsed.group) : apiResourceList(parsed.group, parsed.version);
    if (!doc) throw notFoundPath();
    return sendJson(res, 200, doc);
  }
  const ctx: RequestContext = { ...state, req, res, url, request: parsed.request, user };
  const { name, subresource, type } = parsed.request;
  const watch = queryFlag(url, 'watch');
  // HEAD and OPTIONS reach only pods/proxy, the one connecter that lists them; the API server's request info calls
  // HEAD a get and gives OPTIONS no verb (k8s.io/apiserver pkg/endpoints/request/requestinfo.go); 'options' here
  // only lets an injected fault name it.
  let verb = VERB_BY_METHOD[method] ?? (subresource === 'proxy' ? PROXY_ONLY_VERBS[method] : undefined);
  if (!verb) throw methodNotSupported(method, path);
  if (method === 'GET') verb = watch ? 'watch' : name === undefined ? 'list' : 'get';
  if (method === 'DELETE' && name === undefined) verb = 'deletecollection';
  if (
    subresource !== 'proxy' &&
    subresource !== 'token' &&
    ((verb === 'create' && name !== undefined) || (name === undefined && ['update', 'patch'].includes(verb)))
  ) {
    throw methodNotSupported(method, path);
  }
  const injected = state.faults.failureFor(verb, type.resource, type.group, subresource, {
    namespace: parsed.request.namespace,
    name,
    dryRun: url.searchParams.getAll('dryRun').length > 0,
    username: user.username,
  });
  if (injected) throw injected;
  if (subresource !== 'proxy' && subresource !== 'token') checkWriteOptions(method, url);

  if (subresource === 'proxy') return handlePodProxy(ctx);
  if (subresource === 'token') return handleTokenRequest(ctx, state.auth);
  if (subresource === 'log') {
    if (verb !== 'get') throw methodNotSupported(method, path);
    return handlePodLogs(ctx);
  }
  if (subresource === 'scale') return handleScale(ctx, verb);
  if (subresource === 'status' && !['get', 'update', 'patch'].includes(verb)) throw methodNotSupported(method, path);
  switch (verb) {
    case 'watch':
      return handleWatch(ctx);
    case 'list':
      return handleList(ctx);
    case 'get':
      return handleGet(ctx);
    case 'create':
      return handleCreate(ctx);
    case 'update':
      return handleUpdate(ctx);
    case 'patch':
      return handlePatch(ctx);
    case 'delete':
      return handleDelete(ctx);
    default:
      return handleDeleteCollection(ctx);
  }
}

/**
 * The API server's filters before any handler: authentication (401 for a bad token), impersonation (403 unless the
 * caller may impersonate), then RBAC on the request's attributes (403). Returns the user the request acts as.
 */
async function authorizeRequest(state: ServerState, req: IncomingMessage, method: string, url: URL): Promise<UserInfo> {
  const { auth } = state;
  if (!auth) return ADMIN_USER;
  const requestor = await auth.authenticateRequest(req);
  const authorize = auth.authorizer.authorize.bind(auth.authorizer);
  const user = impersonatedUser(requestor, req.headersDistinct, authorize) ?? requestor;
  const attributes = requestInfo(method, url);
  const decision = authorize(user, attributes);
  if (!decision.allowed) throw forbiddenError(user.username, attributes, decision.reason);
  return user;
}

/** The service account issuer's OpenID discovery document and key set; true when the path was one of them. */
async function serveIssuerDiscovery(auth: KubeAuth, res: ServerResponse, path: string): Promise<boolean> {
  if (path !== '/.well-known/openid-configuration' && path !== '/openid/v1/jwks') return false;
  const { configuration, jwks } = await auth.serviceAccountTokens.discovery();
  // kube-apiserver answers these with their own media types.
  if (path === '/openid/v1/jwks') sendJson(res, 200, jwks, 'application/jwk-set+json');
  else sendJson(res, 200, configuration);
  return true;
}

/** Discovery, OpenAPI and health: true when the path was one of them and has been answered. */
function serveNonResource(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (path === '/healthz' || path === '/readyz' || path === '/livez') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return true;
  }
  if (req.method !== 'GET') return false;
  if (path === '/version') {
    sendJson(res, 200, versionInfo());
  } else if (path === '/api' || path === '/apis') {
    const aggregated = aggregatedDiscoveryWanted(req.headers.accept);
    const core = path === '/api';
    if (aggregated) {
      const contentType = aggregated === 'v2' ? AGGREGATED_DISCOVERY_V2 : AGGREGATED_DISCOVERY_V2BETA1;
      sendJson(res, 200, aggregatedDiscovery(core, aggregated), contentType);
    } else {
      sendJson(res, 200, core ? apiVersions(state.address) : apiGroupList());
    }
  } else if (path === '/openapi/v3') {
    sendJson(res, 200, openApiV3Root());
  } else if (path.startsWith('/openapi/v3/')) {
    const doc = openApiV3GroupVersion(path.slice('/openapi/v3/'.length));
    if (!doc) return false;
    sendJson(res, 200, doc);
  } else {
    return false;
  }
  return true;
}
