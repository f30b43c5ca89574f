// The ingress gateway's front door: a real HTTP port on this machine standing for the gateway Service's load
// balancer (the article port-forwards it to localhost:8080). Each request enters the simulated mesh at an ingress
// gateway pod, exactly as generated traffic does (same routing, metrics, access logs and spans), and the client gets
// the simulated outcome after the simulated time: the app's answer or Envoy's local reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { close, listen, readBody } from '../http-util.js';
import { runsKeycloak, type Reply, type SimulatedKeycloak } from '../identity/index.js';
import { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT } from '../scenarios/istio-system-objects.js';
import type { MeshPod } from '../traffic/mesh-index.js';
import type { TrafficModel } from '../traffic/traffic-model.js';
import { appBody } from './app-answers.js';
import { envoyReply, type ClientReply } from './envoy-reply.js';

export interface IngressListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface IngressOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  traffic: () => TrafficModel;
  keycloak: SimulatedKeycloak;
}

export async function startIngressListener(options: IngressOptions): Promise<IngressListener> {
  const { server, url } = await listen((req, res) => serve(options, req, res), options.host, options.port);
  // Envoy sends no Keep-Alive header; Node adds one only while a keep-alive timeout is set.
  server.keepAliveTimeout = 0;
  return { url, port: Number(new URL(url).port), close: () => close(server) };
}

async function serve(options: IngressOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const traffic = options.traffic();
  const gateway = traffic.mesh.lookupHost(INGRESS_GATEWAY_HOST, 'istio-system');
  const pods: MeshPod[] = gateway && 'pods' in gateway ? gateway.pods : [];
  // No ready gateway pod behind the load balancer: the connection goes nowhere.
  if (pods.length === 0) return reset(res);
  const from = pods[Math.floor(Math.random() * pods.length)]!;
  const nowMs = Date.now();
  // Envoy passes the Host header through and tells the upstream the scheme the client used.
  const upstreamHeaders = { ...headers, 'x-forwarded-proto': 'http' };
  // Keycloak's answer (a token, an error) is known before the request is sent, so the hop records its status.
  const keycloak = path.startsWith('/auth')
    ? await options.keycloak.handle({ method, path, headers: upstreamHeaders, body, nowMs })
    : undefined;
  const sent = traffic.sendNow(
    {
      from,
      host: INGRESS_GATEWAY_HOST,
      port: INGRESS_GATEWAY_PORT,
      method,
      path,
      authority: headers['host'] ?? new URL(`http://${options.host}`).host,
      headers: upstreamHeaders,
      answer: (pod) =>
        keycloak && runsKeycloak(pod)
          ? { code: keycloak.status, responseBytes: Buffer.byteLength(keycloak.body), calls: [] }
          : undefined,
    },
    nowMs,
  );
  if (!sent) return reset(res);
  const hop = await sent;
  let keycloakAnswered = false;
  const reply = envoyReply(hop, (h) => {
    const destination = h.attempts.at(-1)?.destination;
    // Keycloak's own body, unless something else (a fault on demand) changed the status it answered with.
    const fromKeycloak = destination && isKeycloakPod(traffic, destination.namespace, destination.pod);
    if (keycloak && fromKeycloak && h.responseCode === keycloak.status) {
      keycloakAnswered = true;
      return { contentType: keycloak.headers['content-type'] ?? 'application/json', body: keycloak.body };
    }
    return appBody(h, { method, path, body });
  });
  if (reply.status === 0) return reset(res);
  write(res, method, reply, keycloakAnswered ? keycloak : undefined);
}

function isKeycloakPod(traffic: TrafficModel, namespace: string, pod: string): boolean {
  const found = traffic.mesh.podsByKey.get(`${namespace}/${pod}`);
  return found !== undefined && runsKeycloak(found);
}

function write(res: ServerResponse, method: string, reply: ClientReply, keycloak: Reply | undefined): void {
  const headers = { ...reply.headers };
  // Keycloak's own headers (no-store on tokens, Allow on 405) travel with its body.
  if (keycloak)
    for (const [name, value] of Object.entries(keycloak.headers)) if (!(name in headers)) headers[name] = value;
  // Envoy writes its date header in lower case like every other; Node's own would be `Date`.
  res.sendDate = false;
  headers['date'] = new Date().toUTCString();
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' ? undefined : reply.body);
}

/** The TCP connection is reset without an HTTP answer (curl: "Recv failure: Connection reset by peer"). */
function reset(res: ServerResponse): void {
  res.socket?.resetAndDestroy();
}
