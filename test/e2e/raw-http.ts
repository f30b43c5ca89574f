// HTTP/1.1 written byte for byte on a socket: fetch (undici) normalises `..` out of paths and refuses a header value
// holding CR or LF, which are exactly what a hostile client sends. The answer is read whole (the request says
// Connection: close), chunked bodies decoded.
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request-target as sent, not normalised: /api/namespaces/%2e%2e/pods. */
  target: string;
  /** Name and value as written, CR/LF included; Host, Connection and Content-Length are added unless given. */
  headers: [name: string, value: string][];
  body?: string;
}

export interface RawResponse {
  status: number;
  /** Header names lowercased, in order. */
  headers: [name: string, value: string][];
  /** The status line and headers as received. */
  head: string;
  body: string;
}

export function header(res: RawResponse, name: string): string | undefined {
  return res.headers.find(([n]) => n === name)?.[1];
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Sends one request to `origin` (http://host:port) and resolves with the whole answer; rejects on timeout. */
export function rawRequest(origin: string, req: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const { hostname, port, host } = new URL(origin);
  const body = Buffer.from(req.body ?? '', 'utf8');
  const names = new Set(req.headers.map(([n]) => n.toLowerCase()));
  const headers: [string, string][] = [
    ...(names.has('host') ? [] : [['Host', host] as [string, string]]),
    ...req.headers,
    ['Connection', 'close'],
    ...(req.body !== undefined && !names.has('content-length')
      ? [['Content-Length', String(body.length)] as [string, string]]
      : []),
  ];
  const head = `${req.method} ${req.target} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    // write, not end: Node's HTTP server takes a client's half-close (FIN) as the client going away, aborts the
    // request and closes without an answer (_http_server.js socketOnEnd, httpAllowHalfOpen false). Connection: close
    // makes the server close once it has answered.
    socket.on('connect', () => socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body])));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`the connection closed after ${data.length} bytes without a full head`));
      const headText = data.subarray(0, end).toString('latin1');
      const [statusLine = '', ...lines] = headText.split('\r\n');
      const parsed = lines.map((line): [string, string] => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      });
      const rest = data.subarray(end + 4);
      const chunked = parsed.some(([n, v]) => n === 'transfer-encoding' && /chunked/i.test(v));
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers: parsed,
        head: headText,
        body: (chunked ? dechunk(rest) : rest).toString('utf8'),
      });
    });
  });
}
