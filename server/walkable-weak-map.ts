// A WeakMap whose live values can be walked (for /metrics to count what a cache holds): the keys are held weakly, so a
// key nobody else holds (a person's view, dropped from its LRU) still frees its value as with a plain WeakMap.
export class WalkableWeakMap<K extends object, V> {
  private readonly map = new WeakMap<K, V>();
  private readonly keys = new Set<WeakRef<K>>();
  private readonly refs = new WeakMap<K, WeakRef<K>>();

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): this {
    if (!this.refs.has(key)) {
      const ref = new WeakRef(key);
      this.refs.set(key, ref);
      this.keys.add(ref);
    }
    this.map.set(key, value);
    return this;
  }

  /** The values whose keys are still alive; forgets the references of the others. */
  *values(): IterableIterator<V> {
    for (const ref of this.keys) {
      const key = ref.deref();
      const value = key === undefined ? undefined : this.map.get(key);
      if (key === undefined) this.keys.delete(ref);
      else if (value !== undefined) yield value;
    }
  }
}
