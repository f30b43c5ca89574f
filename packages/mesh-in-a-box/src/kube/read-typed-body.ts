import type { IncomingMessage } from 'node:http';
import { badRequest } from './api-error.js';
import { decodeProtobufAs, PROTOBUF, type Schema } from './decode-protobuf.js';
import { mediaTypeOf, parseBody, readBodyBytes } from './http-io.js';
import { isJsonObject, type JsonObject } from './json-value.js';

/**
 * The body of a request for a kind that is never stored (a review, a TokenRequest), in JSON, YAML or kubectl's
 * protobuf (read by `schema`); a body of another apiVersion or kind is the decoder's 400.
 */
export async function readTypedBody(
  req: IncomingMessage,
  type: { apiVersion: string; kind: string; schema: Schema },
): Promise<JsonObject> {
  const bytes = await readBodyBytes(req);
  const mediaType = mediaTypeOf(req.headers['content-type']);
  const body =
    mediaType === PROTOBUF ? decodeProtobufAs(bytes, type.schema) : parseBody(bytes.toString('utf8'), mediaType);
  if (!isJsonObject(body)) throw badRequest(`the request body must be a ${type.kind} object`);
  const apiVersion = body.apiVersion ?? type.apiVersion;
  if (apiVersion !== type.apiVersion || (body.kind ?? type.kind) !== type.kind) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}, kind ${String(body.kind)}) does not match the expected API version (${type.apiVersion}, kind ${type.kind})`,
    );
  }
  return body;
}
