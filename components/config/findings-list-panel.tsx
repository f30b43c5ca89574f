'use client';
import { useMemo } from 'react';
import { useValidations } from '@/lib/api/use-validations';
import { countedNamespace, severity as severityEnum, type Finding } from '@/lib/api/validations';
import { DataTable } from '../ui/data-table';
import type { Column } from '../ui/table-column';
import { EntityLink } from '../ui/entity-link';
import { Icon } from '../ui/icon';
import { Empty, Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { COLOUR, ICON, LABEL, referencePath } from './findings-panel';
import { ValidationStatus } from './validation-status';

type Row = Finding & { index: number };

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

const objectText = (f: Finding) => `${f.object.kind} ${f.object.name}`;
// As the route's summary counts them: a Namespace object's findings towards that namespace.
const namespaceOf = (f: Finding) => countedNamespace(f.object);

const COLUMNS: Column<Row>[] = [
  {
    id: 'object',
    header: 'Object',
    rowHeader: true,
    sortValue: (f) => `${namespaceOf(f)}/${objectText(f)}`,
    cell: (f) => {
      const path = referencePath(f.object);
      return path ? (
        <EntityLink path={path}>{objectText(f)}</EntityLink>
      ) : (
        <span title="Sextant has no page for this kind">{objectText(f)}</span>
      );
    },
    width: 'minmax(12rem, 1.5fr)',
  },
  { id: 'namespace', header: 'Namespace', sortValue: namespaceOf, cell: namespaceOf },
  {
    id: 'severity',
    header: 'Severity',
    sortValue: (f) => SEVERITY_RANK[f.severity],
    cell: (f) => (
      <span className={`inline-flex items-center gap-1 ${COLOUR[f.severity]}`}>
        <Icon name={ICON[f.severity]} />
        {LABEL[f.severity]}
      </span>
    ),
    width: '7rem',
  },
  { id: 'message', header: 'Finding', cell: (f) => f.message, width: 'minmax(16rem, 3fr)' },
  {
    id: 'field',
    header: 'Field',
    sortValue: (f) => f.path,
    cell: (f) => (f.path ? <code className="text-xs">{f.path}</code> : '—'),
  },
];

const rowKey = (f: Row) => String(f.index);
const filterText = (f: Row) =>
  `${objectText(f)} ${namespaceOf(f)} ${f.severity} ${f.message} ${f.path} ${f.codes.join(' ')}`.toLowerCase();

/**
 * Every validation finding of the chosen namespaces, on any kind of object (Deployments and Services as well as
 * Istio config): the page the validation counts of the overview and the Istio Config list link to.
 */
export function FindingsListPanel({ namespaces, severity }: { namespaces: string[]; severity: string | undefined }) {
  const only = severityEnum.safeParse(severity).data;
  const { data, error, isPending } = useValidations({
    namespace: namespaces.length === 1 ? namespaces[0] : undefined,
    findings: true,
  });
  const where = namespaces.length === 0 ? 'all namespaces' : namespaces.join(', ');
  const rows = useMemo(() => {
    if (!data?.findings) return undefined;
    const chosen = new Set(namespaces);
    return data.findings
      .map((f, index) => ({ ...f, index }))
      .filter((f) => (chosen.size === 0 || chosen.has(namespaceOf(f))) && (!only || f.severity === only));
  }, [data, namespaces, only]);
  const counts = useMemo(
    () =>
      rows && {
        errors: rows.filter((f) => f.severity === 'error').length,
        warnings: rows.filter((f) => f.severity === 'warning').length,
        infos: rows.filter((f) => f.severity === 'info').length,
      },
    [rows],
  );

  let body;
  if (isPending) body = <Loading>Validating the config in {where}…</Loading>;
  else if (!rows) body = <Failure what="Validation" error={error} />;
  else if (rows.length === 0)
    body = (
      <Empty>
        No {only ? `${LABEL[only].toLowerCase()} ` : ''}findings in {where}.
      </Empty>
    );
  else
    body = (
      <>
        {error && <RefreshFailed error={error} />}
        <DataTable
          label={`Findings in ${where}`}
          rows={rows}
          columns={COLUMNS}
          rowKey={rowKey}
          filterText={filterText}
          noun="findings"
          initialSortId="severity"
        />
      </>
    );
  return (
    <section aria-labelledby="list-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 id="list-heading" className="text-lg font-semibold">
          Validation findings
        </h1>
        <p className="text-sm text-slate-500">
          in {where}
          {only ? `, ${LABEL[only].toLowerCase()} only` : ''}
        </p>
        {counts && (
          <p className="text-sm" aria-label="Findings listed">
            <ValidationStatus counts={counts} />
          </p>
        )}
        <EntityLink path="/istio" className="ml-auto text-sm text-sky-700 hover:underline">
          Istio Config list
        </EntityLink>
      </div>
      {body}
    </section>
  );
}
