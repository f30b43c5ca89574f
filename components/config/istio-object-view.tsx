'use client';
import { stringify } from 'yaml';
import { useIstioObject } from '@/lib/api/use-istio-config';
import { DetailHeader } from '../ui/detail-header';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';

// managedFields is server-side bookkeeping that buries the spec; kubectl hides it by default too.
function forReading(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...(object['metadata'] as Record<string, unknown>) };
  delete metadata['managedFields'];
  return { ...object, metadata };
}

export function IstioObjectView({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const { data, error, isPending } = useIstioObject(namespace, kind, name);
  if (isPending)
    return (
      <Loading>
        Loading {kind} {name}…
      </Loading>
    );
  if (!data) return <Failure what={`${kind} ${name}`} error={error} />;
  const metadata = data.metadata as { resourceVersion?: string; creationTimestamp?: string };
  return (
    <DetailHeader
      kind={kind}
      name={name}
      namespace={namespace}
      back={{ path: `/istio?namespaces=${encodeURIComponent(namespace)}`, label: 'Istio Config' }}
      fields={[
        { term: 'API version', value: data.apiVersion },
        { term: 'Resource version', value: metadata.resourceVersion ?? '—' },
        { term: 'Created', value: metadata.creationTimestamp ?? '—' },
      ]}
    >
      {error && <RefreshFailed error={error} />}
      <figure aria-label={`YAML of ${kind} ${name}`} className="rounded border border-slate-200 bg-white shadow-sm">
        <figcaption className="border-b border-slate-200 bg-slate-100 px-3 py-1.5 text-xs text-slate-600">
          YAML (read-only)
        </figcaption>
        <pre className="overflow-auto p-3 font-mono text-xs leading-relaxed text-slate-800">
          <code>{stringify(forReading(data))}</code>
        </pre>
      </figure>
    </DetailHeader>
  );
}
