import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, statusBody } from './api-error.js';

// The API server refuses request bodies over 3 MiB; so does this one, rather than buffer without end.
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8');
}

export async function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, without parameters: "application/merge-patch+json". */
export const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Parses a JSON or YAML body; an unreadable one is a 400, as the API server's decoder answers. */
export function parseBody(text: string, mediaType: string): unknown {
  if (text.trim() === '') throw badRequest('the request body is empty');
  const yaml = mediaType.includes('yaml');
  try {
    // A repeated key keeps its last value, as the API server's decoders do; fieldValidation decides what to say.
    return yaml ? parseYaml(text, { uniqueKeys: false }) : JSON.parse(text);
  } catch (err) {
    throw badRequest(
      `the request body could not be decoded: ${yaml ? 'yaml' : 'json'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendStatus(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err.details?.retryAfterSeconds) res.setHeader('Retry-After', String(err.details.retryAfterSeconds));
  sendJson(res, err.code, statusBody(err));
}
