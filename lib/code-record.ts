// Records keyed by response codes ("200", "503"). V8 keeps an object's integer-like keys in a flat array as long as
// the largest key, so `{}` given the key "503" allocates 504 slots (about 6 KB) for one entry: at 10,000 graph edges
// that was most of the graph builder's memory and time. Touching the largest array index once switches the object to
// a dictionary of the keys it really has; enumeration order (ascending codes) is unchanged.
const LARGEST_ARRAY_INDEX = 2 ** 32 - 2;

/** An empty record for response-code keys that stores only the keys it is given. */
export function codeRecord<T>(): Record<string, T> {
  const record: Record<number, T | undefined> = {};
  record[LARGEST_ARRAY_INDEX] = undefined;
  delete record[LARGEST_ARRAY_INDEX];
  return record as Record<string, T>;
}
