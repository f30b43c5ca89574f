/** A binary min-heap by a numeric key: hops wait here until the moment they finish. Keys are kept beside items. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T, key: number): void {
    const { items, keys } = this;
    let i = items.length;
    items.push(item);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      items[i] = items[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    items[i] = item;
    keys[i] = key;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.keys.length > 0 ? this.keys[0]! : Infinity;
  }

  pop(): T | undefined {
    const { items, keys } = this;
    const top = items[0];
    const last = items.pop();
    const lastKey = keys.pop();
    if (items.length === 0 || last === undefined || lastKey === undefined) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && keys[right]! < keys[left]! ? right : left;
      if (keys[child]! >= lastKey) break;
      items[i] = items[child]!;
      keys[i] = keys[child]!;
      i = child;
    }
    items[i] = last;
    keys[i] = lastKey;
    return top;
  }
}
