'use client';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { useNamespaces } from '@/lib/api/use-namespaces';
import type { NamespacedList } from '@/lib/api/use-namespaced-list';
import { DataTable } from './data-table';
import type { Column } from './table-column';
import { Empty, Failure, Loading, RefreshFailed } from './panel-message';

/** The namespaces a list shows: the selected ones, else every namespace the cluster has. */
export function useListedNamespaces(selected: string[]) {
  const all = useNamespaces();
  const enabled = selected.length === 0;
  return {
    namespaces: enabled ? (all.data?.map((n) => n.name) ?? []) : selected,
    label: enabled ? 'all namespaces' : selected.join(', '),
    isPending: enabled && all.isPending,
    error: enabled && !all.data ? all.error : null,
  };
}

export function ListPage<T>({
  title,
  noun,
  label,
  list,
  namespacesState,
  columns,
  rowKey,
  filterText,
  emptyText,
}: {
  title: string;
  noun: string;
  label: string;
  list: NamespacedList<T>;
  namespacesState: { isPending: boolean; error: Error | null; label: string };
  columns: Column<T>[];
  rowKey: (row: T) => string;
  filterText: (row: T) => string;
  emptyText: ReactNode;
}) {
  const initialFilter = useSearchParams().get('filter') ?? undefined;
  let body: ReactNode;
  if (namespacesState.isPending) body = <Loading>Loading namespaces…</Loading>;
  else if (namespacesState.error) body = <Failure what="Namespaces" error={namespacesState.error} />;
  else if (list.isPending)
    body = (
      <Loading>
        Loading {noun} in {namespacesState.label}…
      </Loading>
    );
  else if (!list.data) body = <Failure what={title} error={list.error} />;
  else if (list.data.length === 0) body = <Empty>{emptyText}</Empty>;
  else
    body = (
      <>
        {list.error && <RefreshFailed error={list.error} />}
        <DataTable
          label={label}
          rows={list.data}
          columns={columns}
          rowKey={rowKey}
          filterText={filterText}
          noun={noun}
          initialSortId="name"
          initialFilter={initialFilter}
        />
      </>
    );
  return (
    <section aria-labelledby="list-heading" className="space-y-3">
      <div className="flex items-baseline gap-3">
        <h1 id="list-heading" className="text-lg font-semibold">
          {title}
        </h1>
        <p className="text-sm text-slate-500">in {namespacesState.label}</p>
      </div>
      {body}
    </section>
  );
}
