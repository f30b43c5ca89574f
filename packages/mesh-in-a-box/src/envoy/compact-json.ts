// A large mesh's dump is mostly clusters and virtual hosts that did not change since the last request (they are
// memoized on the frozen store objects they come from). Marking them reusable lets their JSON text be kept with them,
// so a later dump re-serializes only what is new and concatenates the rest.

const reusable = new WeakSet<object>();
const texts = new WeakMap<object, string>();

/** Marks a config object that is never changed after it is built, so its JSON text can be kept and reused. */
export function reusableJson<T extends object>(value: T): T {
  reusable.add(value);
  return value;
}

/** Appends the value's text to `out`; false when JSON has no text for it (undefined, functions). */
function write(value: unknown, out: string[]): boolean {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    out.push(text);
    return true;
  }
  if (reusable.has(value)) {
    let text = texts.get(value);
    if (text === undefined) texts.set(value, (text = JSON.stringify(value)));
    out.push(text);
    return true;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      if (!write(value[i], out)) out.push('null');
    }
    out.push(']');
    return true;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined || typeof child === 'function') continue;
    out.push(first ? '{' : ',', JSON.stringify(key), ':');
    first = false;
    write(child, out);
  }
  out.push(first ? '{}' : '}');
  return true;
}

/** The same text as JSON.stringify(value), reusing the kept text of reusable objects. */
export function compactJson(value: unknown): string {
  const out: string[] = [];
  return write(value, out) ? out.join('') : '';
}
