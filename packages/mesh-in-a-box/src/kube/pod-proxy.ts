import { ApiError, badRequest, statusBody } from './api-error.js';
import type { KubeObject } from '../store/kube-object.js';
import { groupResource } from '../store/kube-object.js';
import { readBody } from './http-io.js';
import type { RequestContext } from './request-context.js';

/** Splits the proxy name form "[scheme:]name[:port]" ("istio-proxy-pod:15000", "https:web:8443"). */
export function parseProxyName(raw: string): { name: string; port?: number } {
  const parts = raw.split(':');
  if (parts.length === 3) parts.shift(); // scheme
  const [name, portText] = parts as [string, string | undefined];
  if (portText === undefined || portText === '') return { name };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badRequest(`invalid port in proxy request: ${raw}`);
  return { name, port };
}

interface ContainerPort {
  containerPort: number;
  name?: string;
}

/** /api/v1/namespaces/{ns}/pods/{name[:port]}/proxy/{path}: answered by hooks.podProxy, as a kubelet would be. */
export async function handlePodProxy(ctx: RequestContext): Promise<void> {
  const { name, port: askedPort } = parseProxyName(ctx.request.name!);
  const namespace = ctx.request.namespace!;
  const pod = ctx.store.require(groupResource('', 'pods'), namespace, name);
  let port = askedPort;
  if (port === undefined) {
    // Without a port the API server proxies to the pod's first declared port (80 when none is declared).
    const declared = ((pod.spec?.containers ?? []) as { ports?: ContainerPort[] }[]).flatMap((c) => c.ports ?? []);
    port = declared[0]?.containerPort ?? 80;
  }
  // The method, body and Content-Type go through unchanged, as the API server's proxy handler forwards them
  // (kubernetes pkg/registry/core/pod/rest/subresources.go: ProxyREST connects GET, POST, PUT, PATCH, DELETE, HEAD,
  // OPTIONS); `kubectl get --raw` sends GET, `kubectl create --raw -f` POST.
  const method = ctx.req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(ctx.req);
  const contentType = ctx.req.headers['content-type'];
  if (!ctx.hooks.podProxy) {
    throw new ApiError(
      503,
      'ServiceUnavailable',
      `no endpoints available for pod "${name}": the mesh in a box has no proxy hook`,
    );
  }
  const path = `${ctx.request.proxyPath ?? '/'}${ctx.url.search}`;
  const answer = await ctx.hooks.podProxy({
    namespace,
    pod,
    port,
    path,
    method,
    ...(body !== undefined ? { body } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  });
  ctx.res.writeHead(answer.status, {
    'Content-Type': answer.contentType,
    'Content-Length': Buffer.byteLength(answer.body),
  });
  ctx.res.end(answer.body);
}

interface NamedContainer {
  name: string;
  restartPolicy?: string;
}

/** Whether an Envoy listens in the pod: an istio-proxy container (or native sidecar), as injection or a gateway adds. */
export function runsEnvoy(pod: KubeObject): boolean {
  const spec = pod.spec as { containers?: NamedContainer[]; initContainers?: NamedContainer[] } | undefined;
  if (spec?.containers?.some((c) => c.name === 'istio-proxy')) return true;
  return spec?.initContainers?.some((c) => c.name === 'istio-proxy' && c.restartPolicy === 'Always') ?? false;
}

/**
 * The API server's answer when nothing listens on the pod's port: its proxy transport turns the failed dial into 503
 * ServiceUnavailable "error trying to reach service: <dial error>" (kubernetes
 * staging/src/k8s.io/apimachinery/pkg/util/proxy/transport.go, Transport.RoundTrip).
 */
export function refusedDial(pod: KubeObject, port: number): { status: number; contentType: string; body: string } {
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP ?? '0.0.0.0';
  const err = new ApiError(
    503,
    'ServiceUnavailable',
    `error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`,
  );
  return { status: 503, contentType: 'application/json', body: JSON.stringify(statusBody(err)) };
}
