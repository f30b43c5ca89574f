import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { GroundTruth } from './telemetry/ground-truth.js';
import type { IstioMetrics } from './telemetry/istio-metrics.js';
import type { TrafficModel } from './traffic/traffic-model.js';
import { listen, parseWindowMs, readBody, sendJson, type Handler } from './http-util.js';

/** The switches a test can flip on the other protocol servers. */
export interface FaultSwitches {
  kubernetes: {
    failNext(fault: { status: 403 | 409 | 500 | 503 | 429; count: number; verbs?: string[]; resource?: string }): void;
    forbid(rule: { verbs?: string[]; resource?: string; namespace?: string }): void;
    dropWatches(): void;
    setLatencyMs(ms: number): void;
    clearFailures(): void;
  };
  jaeger: { setDown(down: boolean): void };
}

const workloadFault = z.object({
  namespace: z.string().min(1),
  workload: z.string().min(1),
  errorRatio: z.number().min(0).max(1).optional(),
  delayMs: z.number().min(0).max(600_000).optional(),
});
const kubernetesFault = z.object({
  status: z.union([z.literal(403), z.literal(409), z.literal(500), z.literal(503), z.literal(429)]),
  count: z.number().int().min(1).max(1000),
  verbs: z.array(z.string()).optional(),
  resource: z.string().optional(),
  dryRun: z.boolean().optional(),
});
const forbidRule = z.object({
  verbs: z.array(z.string()).optional(),
  resource: z.string().optional(),
  namespace: z.string().optional(),
});

/**
 * The mesh in a box's own HTTP port: the aggregate Prometheus exposition of every proxy (/metrics), the ground truth
 * for tests (/truth/edges), and faults on demand (/faults/...).
 */
export async function startTelemetryApi(options: {
  host: string;
  port: number;
  metrics: IstioMetrics;
  truth: GroundTruth;
  traffic: () => TrafficModel;
  faults: FaultSwitches;
  now?: () => number;
}): Promise<{ url: string; server: import('node:http').Server }> {
  const now = options.now ?? Date.now;
  const handler: Handler = async (req, res, url) => {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /metrics': {
        // Streamed chunk by chunk: a large mesh's scrape is hundreds of megabytes. Each chunk's buffer is written over
        // once the next is asked for, so the next waits until the socket has taken this one; fresh 4 MB buffers for
        // every chunk had made the render itself twice as slow (their pages faulted in anew each time).
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        for (const chunk of options.metrics.renderChunks(undefined, { reuseBuffers: true })) {
          const written = await new Promise<boolean>((resolve) => res.write(chunk, (err) => resolve(!err)));
          if (!written || res.destroyed) return;
        }
        res.end();
        return;
      }
      case 'GET /truth/edges': {
        let windowMs: number;
        try {
          windowMs = parseWindowMs(url.searchParams.get('window'), 60_000);
        } catch (err) {
          return sendJson(res, 400, { error: `window: ${(err as Error).message}` });
        }
        const endParam = url.searchParams.get('end');
        const endMs = endParam ? Number(endParam) * 1000 : now();
        if (!Number.isFinite(endMs)) return sendJson(res, 400, { error: 'end: unix seconds expected' });
        return sendJson(res, 200, {
          windowSeconds: windowMs / 1000,
          end: endMs / 1000,
          edges: options.truth.edgesOver(windowMs, endMs),
        });
      }
      case 'POST /faults/workload':
        return withBody(req, res, workloadFault, (f) => {
          const traffic = options.traffic();
          const key = `${f.namespace}/${f.workload}`;
          // A typo must not pass as a fault that never fires.
          if (!traffic.mesh.podsByWorkload.has(key))
            return `no workload "${f.workload}" with pods in namespace "${f.namespace}": name one that runs (kubectl get pods -n ${f.namespace})`;
          traffic.overrides.set(key, { errorRatio: f.errorRatio, delayMs: f.delayMs });
        });
      case 'POST /faults/kubernetes':
        return withBody(req, res, kubernetesFault, (f) => options.faults.kubernetes.failNext(f));
      case 'POST /faults/kubernetes/forbid':
        return withBody(req, res, forbidRule, (f) => options.faults.kubernetes.forbid(f));
      case 'POST /faults/kubernetes/drop-watches':
        options.faults.kubernetes.dropWatches();
        return sendJson(res, 200, { ok: true });
      case 'POST /faults/kubernetes/latency':
        return withBody(req, res, z.object({ ms: z.number().min(0).max(60_000) }), (f) =>
          options.faults.kubernetes.setLatencyMs(f.ms),
        );
      case 'POST /faults/jaeger':
        return withBody(req, res, z.object({ down: z.boolean() }), (f) => options.faults.jaeger.setDown(f.down));
      case 'DELETE /faults':
        options.traffic().overrides.clear();
        options.faults.jaeger.setDown(false);
        options.faults.kubernetes.setLatencyMs(0);
        options.faults.kubernetes.clearFailures();
        return sendJson(res, 200, { ok: true });
      case 'GET /':
        return sendJson(res, 200, {
          endpoints: {
            '/metrics': 'Istio standard metrics of every proxy (Prometheus text format)',
            '/truth/edges?window=60s&end=<unix s>': 'true per-edge rate, errors and latency quantiles',
            'POST /faults/workload': '{namespace, workload, errorRatio?, delayMs?}',
            'POST /faults/kubernetes':
              '{status, count, verbs?, resource? (pods, pods/log, x.group), dryRun? (true: only dry-runs, false: only real writes)}',
            'POST /faults/kubernetes/forbid': '{verbs?, resource?, namespace?}: 403 until DELETE /faults',
            'POST /faults/kubernetes/drop-watches': 'end every open watch',
            'POST /faults/kubernetes/latency': '{ms}',
            'POST /faults/jaeger': '{down}',
            'DELETE /faults': 'clear all faults',
          },
        });
      default:
        return sendJson(res, 404, { error: `no such endpoint: ${route}; GET / lists them` });
    }
  };
  return listen(handler, options.host, options.port);
}

async function withBody<T>(
  req: import('node:http').IncomingMessage,
  res: ServerResponse,
  schema: z.ZodType<T>,
  /** Applies the change, or returns why it cannot (a 404 naming what is missing). */
  apply: (value: T) => string | void,
): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req));
  } catch {
    return sendJson(res, 400, { error: 'the body must be JSON' });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) return sendJson(res, 400, { error: z.prettifyError(result.error) });
  const missing = apply(result.data);
  if (missing) return sendJson(res, 404, { error: missing });
  sendJson(res, 200, { ok: true });
}
