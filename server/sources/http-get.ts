// One HTTP client for every source: node:http(s) rather than fetch, so a custom CA, client certificates and the
// agent that @kubernetes/client-node prepares all apply. Every call has a timeout and follows the caller's signal.
import http from 'node:http';
import https from 'node:https';

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** TLS and auth options, e.g. from KubeConfig.applyToHTTPSOptions or a CA file. */
  requestOptions?: https.RequestOptions;
  /** Stops reading a body beyond this many bytes (a config_dump can be large, a page of traces too). */
  maxBytes?: number;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Why the call did not produce an answer: the sources turn it into their own error with their own words. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'unreachable' | 'too-large',
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Resolves with the status and body of any answer (the caller judges 4xx/5xx); rejects with HttpFailure when there is
 * none, or with the signal's reason when the caller went away.
 */
export function httpCall(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const lib = url.protocol === 'https:' ? https : http;
  const maxBytes = call.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (call.signal?.aborted) {
      reject(call.signal.reason);
      return;
    }
    let settled = false;
    const finish = (err: unknown, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(answer!);
    };
    const options: https.RequestOptions = {
      ...call.requestOptions,
      method: call.method ?? 'GET',
      headers: { accept: 'application/json', ...call.requestOptions?.headers, ...call.headers },
    };
    if (call.body !== undefined)
      (options.headers as Record<string, string>)['content-length'] = String(Buffer.byteLength(call.body));
    const req = lib.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy();
          finish(new HttpFailure('too-large', `the answer passed ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () =>
        finish(null, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (err) => finish(new HttpFailure('unreachable', err.message, err)));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(new HttpFailure('timeout', `no answer in ${call.timeoutMs} ms`));
    }, call.timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish(call.signal!.reason);
    };
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish(new HttpFailure('unreachable', err.message, err)));
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });
}

/** "5 s", "0.2 s": timeouts as people read them. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
