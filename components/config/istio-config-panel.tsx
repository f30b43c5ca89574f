'use client';
import { useMemo } from 'react';
import type { IstioConfigItem } from '@/lib/api/istio-config';
import { ISTIO_KINDS } from '@/lib/istio-kinds';
import { useIstioConfig } from '@/lib/api/use-istio-config';
import { useValidations } from '@/lib/api/use-validations';
import type { ValidationCounts } from '@/lib/api/validations';
import { DataTable } from '../ui/data-table';
import type { Column } from '../ui/table-column';
import { EntityLink, istioObjectPath } from '../ui/entity-link';
import { Empty, Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { useSetSearch } from '../shell/use-set-search';
import { ValidationStatus } from './validation-status';

type Row = IstioConfigItem & { validation: ValidationCounts | undefined };

export { istioObjectPath };

const COLUMNS: Column<Row>[] = [
  {
    id: 'name',
    header: 'Name',
    rowHeader: true,
    sortValue: (o) => o.name,
    cell: (o) => <EntityLink path={istioObjectPath(o)}>{o.name}</EntityLink>,
    width: 'minmax(12rem, 2fr)',
  },
  { id: 'namespace', header: 'Namespace', sortValue: (o) => o.namespace, cell: (o) => o.namespace },
  {
    id: 'configuration',
    header: 'Configuration',
    // Errors first when sorted descending: 1000 per error, 1 per warning.
    sortValue: (o) => (o.validation ? o.validation.errors * 1000 + o.validation.warnings : 0),
    cell: (o) => <ValidationStatus counts={o.validation} href={`${istioObjectPath(o)}#findings-heading`} />,
    width: 'minmax(9rem, 1.2fr)',
  },
  { id: 'kind', header: 'Kind', sortValue: (o) => o.kind, cell: (o) => o.kind },
  { id: 'apiVersion', header: 'API version', sortValue: (o) => o.apiVersion, cell: (o) => o.apiVersion },
  {
    id: 'created',
    header: 'Created',
    sortValue: (o) => o.creationTimestamp ?? '',
    cell: (o) =>
      o.creationTimestamp ? new Date(o.creationTimestamp).toISOString().replace('T', ' ').slice(0, 19) : '—',
  },
];

// Module-level, so the table's memoised filter and sort do not rerun on every render.
const rowKey = (o: Row) => `${o.namespace}/${o.kind}/${o.name}`;
const filterText = (o: Row) =>
  `${o.name} ${o.namespace} ${o.kind} ${o.validation?.errors ? 'error' : o.validation?.warnings ? 'warning' : 'valid'}`.toLowerCase();

/** The findings of the namespaces shown, as a link to the page that lists each of them. */
function ValidationSummary({
  namespaces,
  shown,
}: {
  namespaces: (ValidationCounts & { namespace: string })[];
  shown: string[];
}) {
  const total = namespaces
    .filter((n) => shown.length === 0 || shown.includes(n.namespace))
    .reduce((t, n) => ({ errors: t.errors + n.errors, warnings: t.warnings + n.warnings, infos: t.infos + n.infos }), {
      errors: 0,
      warnings: 0,
      infos: 0,
    });
  return (
    <p className="text-sm" aria-label="Validation summary">
      <ValidationStatus counts={total} href="/istio/findings" />
    </p>
  );
}

export function IstioConfigPanel({ namespaces, kind }: { namespaces: string[]; kind: string | undefined }) {
  const validKind = ISTIO_KINDS.find((k) => k === kind);
  // The route filters by one namespace; several selected ones are filtered here from the full list.
  const { data, error, isPending } = useIstioConfig({
    namespace: namespaces.length === 1 ? namespaces[0] : undefined,
    kind: validKind,
  });
  const setSearch = useSetSearch();
  const where = namespaces.length === 0 ? 'all namespaces' : namespaces.join(', ');
  const what = validKind ? `${validKind} objects` : 'Istio objects';
  const validations = useValidations({ namespace: namespaces.length === 1 ? namespaces[0] : undefined });
  const rows = useMemo(() => {
    const listed = data && namespaces.length > 1 ? data.filter((o) => namespaces.includes(o.namespace)) : data;
    if (!listed) return listed;
    const status = new Map(validations.data?.objects.map((v) => [`${v.namespace}/${v.kind}/${v.name}`, v]));
    // Until validation answers, rows show no status rather than a "Valid" nobody checked.
    const known = validations.data !== undefined;
    return listed.map((o) => ({
      ...o,
      validation: known ? (status.get(rowKey(o as Row)) ?? { errors: 0, warnings: 0, infos: 0 }) : undefined,
    }));
  }, [data, namespaces, validations.data]);

  let body;
  if (isPending)
    body = (
      <Loading>
        Loading {what} in {where}…
      </Loading>
    );
  else if (!rows) body = <Failure what="Istio config" error={error} />;
  else if (rows.length === 0)
    body = (
      <Empty>
        No {what} in {where}.
      </Empty>
    );
  else
    body = (
      <>
        {error && <RefreshFailed error={error} />}
        <DataTable
          label={`Istio config in ${where}`}
          rows={rows}
          columns={COLUMNS}
          rowKey={rowKey}
          filterText={filterText}
          noun="objects"
          initialSortId="name"
        />
      </>
    );

  return (
    <section aria-labelledby="list-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 id="list-heading" className="text-lg font-semibold">
          Istio Config
        </h1>
        <p className="text-sm text-slate-500">in {where}</p>
        {validations.data && <ValidationSummary namespaces={validations.data.namespaces} shown={namespaces} />}
        {validations.error && !validations.data && (
          <p role="alert" className="text-sm text-red-700">
            Validation unavailable: {validations.error.message}
          </p>
        )}
        <label className="ml-auto flex items-center gap-2 text-sm">
          Kind
          <select
            value={validKind ?? ''}
            onChange={(e) => setSearch({ kind: e.target.value || null })}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            <option value="">All kinds</option>
            {ISTIO_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      </div>
      {body}
    </section>
  );
}
