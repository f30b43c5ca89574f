// The plan's resourceVersion token: every object the plan touches, by kind, namespace and name, with the
// resourceVersion it was read at (or null: it did not exist). Opaque to the browser, which sends it back to apply
// exactly the plan it showed; the write path re-plans from the cluster as it is and compares the two tokens, so a
// change in between (a colleague's kubectl patch, an object created or deleted) is "changed since you looked".
import type { ObjectRef } from './plan-types.js';

export interface TokenEntry {
  kind: string;
  namespace: string;
  name: string;
  resourceVersion: string | null;
}

const PREFIX = 'rv1.';
const keyOf = (e: Pick<TokenEntry, 'kind' | 'namespace' | 'name'>) => `${e.kind}/${e.namespace}/${e.name}`;

/** The token of a plan's objects, the same for the same objects read at the same versions, whatever their order. */
export function buildPlanToken(entries: readonly TokenEntry[]): string {
  const sorted = [...entries]
    .map((e) => [e.kind, e.namespace, e.name, e.resourceVersion] as const)
    .sort((a, b) =>
      keyOf({ kind: a[0], namespace: a[1], name: a[2] }).localeCompare(
        keyOf({ kind: b[0], namespace: b[1], name: b[2] }),
      ),
    );
  return PREFIX + Buffer.from(JSON.stringify(sorted), 'utf8').toString('base64url');
}

/** The token's entries; null when it is not a token this planner made. */
export function parsePlanToken(token: string): TokenEntry[] | null {
  if (!token.startsWith(PREFIX)) return null;
  try {
    const rows: unknown = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(rows)) return null;
    const entries: TokenEntry[] = [];
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== 4) return null;
      const [kind, namespace, name, rv] = row as unknown[];
      if (typeof kind !== 'string' || typeof namespace !== 'string' || typeof name !== 'string') return null;
      if (rv !== null && typeof rv !== 'string') return null;
      entries.push({ kind, namespace, name, resourceVersion: rv });
    }
    return entries;
  } catch {
    return null;
  }
}

export type TokenComparison =
  { ok: true; same: boolean; changed: Omit<TokenEntry, 'resourceVersion'>[] } | { ok: false; message: string };

/**
 * Compares the token the user saw with the token of the plan as it stands now: `same` when every object is the one
 * read then at the same resourceVersion (and no object came or went); else the objects that differ.
 */
export function comparePlanTokens(seen: string, now: string): TokenComparison {
  const a = parsePlanToken(seen);
  const b = parsePlanToken(now);
  if (!a || !b)
    return {
      ok: false,
      message: 'resourceVersion: not a plan token; send back the plan.resourceVersion of the plan you reviewed',
    };
  const before = new Map(a.map((e) => [keyOf(e), e]));
  const after = new Map(b.map((e) => [keyOf(e), e]));
  const changed: Omit<TokenEntry, 'resourceVersion'>[] = [];
  for (const [key, e] of before)
    if (after.get(key)?.resourceVersion !== e.resourceVersion || !after.has(key)) changed.push(strip(e));
  for (const [key, e] of after) if (!before.has(key)) changed.push(strip(e));
  return { ok: true, same: changed.length === 0, changed };
}

const strip = ({ kind, namespace, name }: TokenEntry) => ({ kind, namespace, name });

export type { ObjectRef };
