import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jaegerErrorEnvelope } from './jaeger-json.js';
import { routeJaegerRequest } from './route-jaeger-request.js';
import type { TraceStore } from './trace-store.js';

export interface JaegerApiOptions {
  traces: TraceStore;
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** The clock that default search windows end at (the traffic model's, when it runs ahead of the wall clock). */
  now?: () => number;
}

export interface JaegerApi {
  url: string;
  close(): Promise<void>;
  /** While down, every request answers 503, as the Jaeger Service does behind Istio with no ready pod. */
  setDown(down: boolean): void;
}

export async function startJaegerApi(options: JaegerApiOptions): Promise<JaegerApi> {
  const now = options.now ?? Date.now;
  let down = false;
  const server: Server = createServer((req, res) => {
    if (down) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('no healthy upstream');
      return;
    }
    let status: number;
    let body: unknown;
    try {
      ({ status, body } = routeJaegerRequest(options.traces, req.method ?? 'GET', req.url ?? '/', now()));
    } catch (err) {
      console.error(err);
      status = 500;
      body = jaegerErrorEnvelope(500, 'the mesh in a box failed on this request; see its log');
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
