import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/** Starts an HTTP server on host:port (0 = any free port) and resolves with its base URL once listening. */
export async function listen(handler: Handler, host: string, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    Promise.resolve(handler(req, res, url)).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(err instanceof Error ? err.message : err) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readBody(req: IncomingMessage, limitBytes = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new Error(`request body over ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Prometheus-style durations for query parameters: 30s, 5m, 1h, 1d, or plain seconds. */
export function parseWindowMs(value: string | null, fallbackMs: number): number {
  if (!value) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value);
  if (!m) throw new RangeError(`"${value}" is not a duration such as 60s, 5m or 1h`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms'];
  return Number(m[1]) * factor;
}
