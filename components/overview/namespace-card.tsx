import Link from 'next/link';
import type { NamespaceSummary } from '@/lib/api/namespaces';
import type { ValidationCounts } from '@/lib/api/validations';
import { ValidationStatus } from '../config/validation-status';
import { plural } from '@/lib/format';
import { LazySparkline } from '../charts/lazy-sparkline';
import { Icon } from '../ui/icon';
import { HealthSummary } from './health-summary';
import { mtlsText } from './mtls-text';

const INJECTION: Record<NamespaceSummary['injection'], string> = {
  enabled: 'Sidecar injection on',
  disabled: 'Sidecar injection off',
  revision: 'Injection by revision',
  ambient: 'Ambient mode',
};

/** A namespace's validation summary; 'none' when it holds no objects to validate. */
export type ConfigSummary = ValidationCounts | 'none' | 'loading' | 'failed';

export function NamespaceCard({
  summary,
  linkSearch,
  config,
}: {
  summary: NamespaceSummary;
  linkSearch: (ns: string) => string;
  config: ConfigSummary;
}) {
  const headingId = `ns-${summary.name}`;
  const search = linkSearch(summary.name);
  const mtls = mtlsText(summary);
  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 shadow-sm"
    >
      <header className="flex items-baseline justify-between gap-2">
        <h2 id={headingId} className="truncate text-base font-semibold" title={summary.name}>
          {summary.name}
        </h2>
        <span className="shrink-0 text-xs text-slate-500">{INJECTION[summary.injection]}</span>
      </header>
      <ul className="grid grid-cols-3 gap-2">
        <Count href={`/applications${search}`} count={summary.apps} noun="application" />
        <Count href={`/workloads${search}`} count={summary.workloads} noun="workload" />
        <Count href={`/services${search}`} count={summary.services} noun="service" />
      </ul>
      <HealthSummary summary={summary} />
      <div className="mt-auto space-y-1 border-t border-slate-100 pt-2 text-xs text-slate-600">
        <p className={`inline-flex items-center gap-1 ${mtls.enforced ? 'text-emerald-700' : ''}`}>
          <Icon name="lock" className="h-3 w-3" />
          {mtls.text}
        </p>
        <p className="flex items-center justify-between gap-2">
          <Link href={`/istio${search}`} className="text-sky-700 hover:underline">
            Istio config
          </Link>
          {config === 'loading' ? (
            <span>validating…</span>
          ) : config === 'failed' ? (
            <span>not validated</span>
          ) : (
            <ValidationStatus
              counts={config === 'none' ? { errors: 0, warnings: 0, infos: 0 } : config}
              href={`/istio/findings${search}`}
            />
          )}
        </p>
        <div className="flex h-8 items-center justify-between gap-2">
          <span className="whitespace-nowrap">Inbound traffic</span>
          {summary.traffic && summary.traffic.length > 0 ? (
            <LazySparkline points={summary.traffic} label={`Inbound traffic of ${summary.name}`} />
          ) : (
            <span>{summary.metricsError ? 'unavailable' : 'none in the window'}</span>
          )}
        </div>
      </div>
    </article>
  );
}

function Count({ href, count, noun }: { href: string; count: number; noun: string }) {
  return (
    <li>
      <Link href={href} aria-label={plural(count, noun)} className="group block rounded px-1 py-0.5 hover:bg-sky-50">
        <span className="block text-xl leading-tight font-semibold text-slate-900 tabular-nums">{count}</span>
        <span className="block text-xs text-sky-700 group-hover:underline">{count === 1 ? noun : `${noun}s`}</span>
      </Link>
    </li>
  );
}
