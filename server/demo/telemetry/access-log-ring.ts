/**
 * A container's log: items kept in time order, oldest dropped beyond a capacity that may change between pushes (the
 * book shrinks every container's share as pods appear). Amortised O(1) per push: the array is compacted only once
 * the dropped head outgrows the live part.
 */
export class AccessLogRing<T extends { timeMs: number }> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T, capacity: number): void {
    const items = this.items;
    // Lines usually arrive in time order; a short walk back places one that ended earlier than the last.
    let at = items.length;
    while (at > this.head && items[at - 1]!.timeMs > item.timeMs) at--;
    if (at === items.length) items.push(item);
    else items.splice(at, 0, item);
    if (this.size > capacity) {
      // Dropped items are cleared at once, not at the next compaction: each holds a whole hop, and with ten lines a
      // container (5,000 workloads) the dropped head would otherwise hold several times the live lines.
      const head = items.length - Math.max(0, capacity);
      items.fill(undefined as unknown as T, this.head, head);
      this.head = head;
    }
    if (this.head > 64 && this.head * 2 > items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
  }

  /** Items from `sinceMs` on (all when undefined), oldest first, at most the last `tail`. */
  slice(sinceMs?: number, tail?: number): T[] {
    let from = this.head;
    if (sinceMs !== undefined) from = this.firstAtOrAfter(sinceMs);
    if (tail !== undefined) from = Math.max(from, this.items.length - tail);
    return this.items.slice(from);
  }

  private firstAtOrAfter(timeMs: number): number {
    let low = this.head;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.items[mid]!.timeMs < timeMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
