// Kubernetes names a Deployment's ReplicaSets `<deployment>-<pod-template-hash>`: FNV-1a (32 bit) over the pod
// template, printed in decimal, each digit mapped into an alphabet without vowels so that no name spells a word
// (k8s.io/apimachinery/pkg/util/rand.SafeEncodeString). Hence up to 10 characters, usually exactly 10.
// Kubernetes hashes a Go dump of the struct; key-sorted JSON stands in for it, so hashes are stable across runs but
// not the ones a real cluster would compute for the same template.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let input = canonicalJson(template);
  if (collisionCount) input += String(collisionCount);
  return safeEncode(String(fnv1a32(input)));
}

const encoder = new TextEncoder();

export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted, so that the same template written in another key order hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
