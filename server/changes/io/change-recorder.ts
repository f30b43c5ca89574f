// Feeds a change log from a cluster's watch, and keeps the process's one log (the first cluster's) for the routes.
// The objects already in the cache when it attaches are taken in as the console's first list would give them.
import { ISTIO_KINDS } from '../../../lib/istio-kinds.js';
import type { KubernetesSource } from '../../sources/kubernetes.js';
import { createChangeLog, type ChangeLog } from '../change-log.js';

export interface ChangeRecorder {
  kubernetes: KubernetesSource;
  log: ChangeLog;
  stop(): void;
}

function recordChanges(kubernetes: KubernetesSource, rootNamespace: string): ChangeRecorder {
  const log = createChangeLog({ cache: kubernetes, rootNamespace, istioKinds: new Set(ISTIO_KINDS) });
  const stop = kubernetes.onObjectEvent((event) => log.record(event));
  for (const kind of ISTIO_KINDS) for (const object of kubernetes.list(kind)) log.record({ type: 'add', kind, object });
  return { kubernetes, log, stop };
}

// Next.js may load this module more than once (one bundle per route); globalThis keeps one log per process.
const slot = globalThis as typeof globalThis & { __sextantChangeLog?: ChangeRecorder };

/** Starts the process's change log on this cluster's watch; sources made again (a failed start) take it over. */
export function attachProcessChangeLog(kubernetes: KubernetesSource, rootNamespace: string): void {
  const current = slot.__sextantChangeLog;
  if (current?.kubernetes === kubernetes) return;
  current?.stop();
  slot.__sextantChangeLog = recordChanges(kubernetes, rootNamespace);
}

export function processChangeLog(): ChangeLog | undefined {
  return slot.__sextantChangeLog?.log;
}
