'use client';
import { useMemo } from 'react';
import { stringify } from 'yaml';
import { useIstioObject } from '@/lib/api/use-istio-config';
import { useObjectValidations } from '@/lib/api/use-validations';
import { DetailHeader } from '../ui/detail-header';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { FindingsPanel } from './findings-panel';
import { ValidationStatus } from './validation-status';
import { YamlWithFindings } from './yaml-with-findings';
import { lineFinder } from './yaml-lines';

// managedFields is server-side bookkeeping that buries the spec; kubectl hides it by default too.
function forReading(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = { ...(object['metadata'] as Record<string, unknown>) };
  delete metadata['managedFields'];
  return { ...object, metadata };
}

export function IstioObjectView({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const { data, error, isPending } = useIstioObject(namespace, kind, name);
  const validations = useObjectValidations(namespace, kind, name);
  const text = useMemo(() => (data ? stringify(forReading(data)) : ''), [data]);
  const lineOf = useMemo(() => lineFinder(text), [text]);
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
        {
          term: 'Configuration',
          value: validations.data ? <ValidationStatus counts={countsOf(validations.data.findings)} /> : '…',
        },
      ]}
    >
      {error && <RefreshFailed error={error} />}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(20rem,2fr)]">
        <YamlWithFindings
          text={text}
          findings={validations.data?.findings ?? []}
          lineOf={lineOf}
          label={`YAML of ${kind} ${name}`}
        />
        {validations.data ? (
          <FindingsPanel findings={validations.data.findings} lineOf={lineOf} />
        ) : validations.isPending ? (
          <Loading>Validating {name}…</Loading>
        ) : (
          <Failure what="Validation" error={validations.error} />
        )}
      </div>
    </DetailHeader>
  );
}

function countsOf(findings: { severity: 'error' | 'warning' | 'info' }[]) {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}
