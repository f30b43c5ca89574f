// Writes a checked plan, one object at a time in writeBodies' order, each with the resourceVersion it was read at and
// field manager `sextant`. If a write fails, the writes before it are undone with the resourceVersion they produced
// (an update put back as read, a create deleted, a delete re-created), so the cluster is as it was; the outcome says
// what was restored, or what could not be and must be put back by hand.
import type { KubeObject } from '../../sources/kubernetes.js';
import type { KubernetesWrites } from '../../sources/kubernetes-writes.js';
import type { PlannedWrite } from './write-bodies.js';

export type WriteOutcome =
  | { ok: true; written: { write: PlannedWrite; result: KubeObject | null }[] }
  | { ok: false; failed: PlannedWrite; error: unknown; restored: string[]; notRestored: string[] };

const name = (w: PlannedWrite) => `${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`;

/** The object as read, made fit to send again: no server-set fields, managedFields left to the API server. */
function resendable(obj: KubeObject, resourceVersion: string | undefined): KubeObject {
  const metadata: KubeObject['metadata'] = { ...obj.metadata, resourceVersion };
  delete metadata.managedFields;
  if (resourceVersion === undefined) {
    for (const field of ['resourceVersion', 'uid', 'creationTimestamp', 'generation'] as const) delete metadata[field];
  }
  const out: KubeObject = { ...obj, metadata };
  delete out.status;
  return out;
}

async function undo(writes: KubernetesWrites, w: PlannedWrite, result: KubeObject | null): Promise<void> {
  if (w.action === 'create') {
    await writes.deleteObject(w.ref, result?.metadata.resourceVersion);
  } else if (w.action === 'update') {
    await writes.updateObject(resendable(w.before!, result?.metadata.resourceVersion));
  } else if (w.before) {
    await writes.createObject(resendable(w.before, undefined));
  }
}

export async function writePlan(
  writes: KubernetesWrites,
  planned: readonly PlannedWrite[],
  signal?: AbortSignal,
): Promise<WriteOutcome> {
  const written: { write: PlannedWrite; result: KubeObject | null }[] = [];
  for (const w of planned) {
    try {
      // No signal past the first write: a browser that goes away must not leave half a change behind.
      const options = written.length === 0 ? { signal } : {};
      if (w.action === 'create') written.push({ write: w, result: await writes.createObject(w.body!, options) });
      else if (w.action === 'update') written.push({ write: w, result: await writes.updateObject(w.body!, options) });
      else {
        await writes.deleteObject(w.ref, w.resourceVersion, options);
        written.push({ write: w, result: null });
      }
    } catch (error) {
      const restored: string[] = [];
      const notRestored: string[] = [];
      for (const done of [...written].reverse()) {
        try {
          await undo(writes, done.write, done.result);
          restored.push(name(done.write));
        } catch (err) {
          notRestored.push(`${name(done.write)} (${(err as Error).message})`);
        }
      }
      return { ok: false, failed: w, error, restored, notRestored };
    }
  }
  return { ok: true, written };
}

/** The sentence after a failed write's own message: what was put back, or what the user must put back. */
export function restoreSentence(outcome: Extract<WriteOutcome, { ok: false }>): string {
  if (outcome.notRestored.length > 0)
    return `Sextant could not restore ${outcome.notRestored.join(', ')}${
      outcome.restored.length > 0 ? ` (it restored ${outcome.restored.join(', ')})` : ''
    }: restore it by hand from the audit log's "before"`;
  if (outcome.restored.length > 0)
    return `Sextant restored ${outcome.restored.join(', ')} as they were: the cluster is as it was before the change`;
  return 'nothing was written: the cluster is as it was';
}
