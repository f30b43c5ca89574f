/**
 * Keys waiting for a reconcile, one set per stage. A key queued twice before it runs runs once, as in client-go's
 * work queue; earlier stages run first, so lower-level objects settle before the owners that summarise them.
 */
export class WorkQueue<Stage extends string> {
  private readonly queues = new Map<Stage, Set<string>>();

  constructor(stages: readonly Stage[]) {
    for (const stage of stages) this.queues.set(stage, new Set());
  }

  add(stage: Stage, key: string): void {
    this.queues.get(stage)!.add(key);
  }

  pop(): { stage: Stage; key: string } | undefined {
    for (const [stage, keys] of this.queues) {
      const first = keys.values().next();
      if (first.done) continue;
      keys.delete(first.value);
      return { stage, key: first.value };
    }
    return undefined;
  }

  clear(): void {
    for (const keys of this.queues.values()) keys.clear();
  }
}
