// The few DER (X.690) encoders the mesh's certificates need: node:crypto signs but builds no certificates, so the
// workload certificates (envoy/workload-certificate.ts) and the API server's serving certificate
// (kube/serving-certificate.ts) are written field by field with these.

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, content: Buffer) =>
  Buffer.concat([Buffer.from([tag]), length(content.length), content]);
export const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
export const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
export const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
export const octets = (b: Buffer) => tlv(0x04, b);
export const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
export const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

/** A positive INTEGER from big-endian bytes: leading zeros dropped, one added when the top bit would make it negative. */
export function integer(b: Buffer): Buffer {
  let start = 0;
  while (start < b.length - 1 && b[start] === 0) start++;
  const trimmed = b.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime, YYMMDDhhmmssZ (RFC 5280 for dates through 2049). */
export const utcTime = (ms: number) =>
  tlv(0x17, Buffer.from(new Date(ms).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'ascii'));
