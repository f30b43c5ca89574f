// How AuthorizationPolicy values match (istio.io reference, AuthorizationPolicy: "Istio supports exact, prefix,
// suffix and presence matching": `abc` exact, `abc*` prefix, `*abc` suffix, `*` any non-empty value), and the IP
// blocks of ipBlocks / remoteIpBlocks / source.ip (a single address or a CIDR).

/** Whether one policy value matches one request value; an absent or empty request value matches nothing. */
export function matchesValue(pattern: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

export function matchesAny(patterns: readonly string[], value: string | undefined): boolean {
  for (const p of patterns) if (matchesValue(p, value)) return true;
  return false;
}

/** Hosts compare without case, and `example.com` also matches `example.com:8080` (the Host header with a port). */
export function matchesHost(patterns: readonly string[], host: string): boolean {
  const lower = host.toLowerCase();
  const bare = lower.replace(/:\d+$/, '');
  for (const p of patterns) {
    const pattern = p.toLowerCase();
    if (matchesValue(pattern, lower) || matchesValue(pattern, bare)) return true;
  }
  return false;
}

/** Whether an IPv4 address falls in any of the blocks (`10.0.0.0/8`, `1.2.3.4`); other forms never match. */
export function inIpBlocks(blocks: readonly string[], ip: string | undefined): boolean {
  const address = ip === undefined ? undefined : ipv4(ip);
  if (address === undefined) return false;
  for (const block of blocks) {
    const [base, bitsText] = block.split('/');
    const network = ipv4(base ?? '');
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (network === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) continue;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((address & mask) >>> 0 === (network & mask) >>> 0) return true;
  }
  return false;
}

function ipv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const n = Number(part);
    if (!/^\d{1,3}$/.test(part) || n > 255) return undefined;
    value = value * 256 + n;
  }
  return value >>> 0;
}
