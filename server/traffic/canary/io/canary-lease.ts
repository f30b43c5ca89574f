// One runner at a time per run: a coordination.k8s.io/v1 Lease sextant-canary-<service> beside the service, held as
// client-go's leader election holds one (tools/leaderelection/resourcelock): the holder renews renewTime every tick;
// another may take it over only once renewTime + leaseDurationSeconds has passed, and every write names the
// resourceVersion it read, so of two replicas that try at once the API server lets one win (409 for the other).
import type { KubeObject, KubernetesSource } from '../../../sources/kubernetes.js';
import { KubernetesConflictError, type KubernetesWrites } from '../../../sources/kubernetes-writes.js';
import { canaryConfigMapName } from '../run-record.js';

const LEASE_API = 'coordination.k8s.io/v1';

/** metav1.MicroTime as the API server reads it: RFC 3339, UTC, six fractional digits. */
export function microTime(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface LeaseOptions {
  /** Who holds it: one runner of one console process. */
  identity: string;
  durationSeconds: number;
}

export type LeaseAnswer = { held: true } | { held: false; holder: string };

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

const leasePath = (namespace: string, name: string) =>
  `/apis/${LEASE_API}/namespaces/${encodeURIComponent(namespace)}/leases/${encodeURIComponent(name)}`;

/** Acquires or renews the run's Lease; held: false names who holds it (or who won the race). */
export async function holdCanaryLease(
  kube: KubernetesSource,
  writes: KubernetesWrites,
  service: { namespace: string; name: string },
  options: LeaseOptions,
  now: Date,
  signal?: AbortSignal,
): Promise<LeaseAnswer> {
  const name = canaryConfigMapName(service.name);
  const at = microTime(now);
  const lease = (await kube.getJson(leasePath(service.namespace, name), { signal })) as KubeObject | null;
  try {
    if (!lease) {
      await writes.createObject(
        {
          apiVersion: LEASE_API,
          kind: 'Lease',
          metadata: { name, namespace: service.namespace, labels: { 'app.kubernetes.io/managed-by': 'sextant' } },
          spec: {
            holderIdentity: options.identity,
            leaseDurationSeconds: options.durationSeconds,
            acquireTime: at,
            renewTime: at,
            leaseTransitions: 0,
          },
        },
        { signal },
      );
      return { held: true };
    }
    const spec = (lease.spec ?? {}) as LeaseSpec;
    const mine = spec.holderIdentity === options.identity;
    if (!mine && spec.holderIdentity) {
      const renewedMs = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
      const expiresMs = renewedMs + (spec.leaseDurationSeconds ?? options.durationSeconds) * 1000;
      if (Number.isFinite(renewedMs) && expiresMs > now.getTime()) return { held: false, holder: spec.holderIdentity };
    }
    await writes.updateObject(
      {
        ...lease,
        apiVersion: LEASE_API,
        kind: 'Lease',
        spec: {
          ...spec,
          holderIdentity: options.identity,
          leaseDurationSeconds: options.durationSeconds,
          acquireTime: mine ? (spec.acquireTime ?? at) : at,
          renewTime: at,
          leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
        },
      },
      { signal },
    );
    return { held: true };
  } catch (err) {
    // Another replica wrote the Lease between our read and our write: it holds it now.
    if (err instanceof KubernetesConflictError) return { held: false, holder: 'another runner (it won the race)' };
    throw err;
  }
}
