'use client';
import { useState, type ReactNode } from 'react';
import { ApiError } from '@/lib/api/fetch-json';
import { CanaryPanel } from '../canary/canary-panel';
import type { TrafficRoutingResponse } from '@/lib/api/traffic-change';
import { Failure, Loading, SourceDown } from '../ui/panel-message';
import { ChangePreview, flowFieldErrors } from './change-preview';
import { DarkLaunchForm } from './dark-launch-form';
import { errorsUnder } from './field-errors';
import { intentBody, isEmptyIntent, type TrafficEdits } from './intent-body';
import { MirrorForm } from './mirror-form';
import { ResilienceForm } from './resilience-form';
import { RoutingNow } from './routing-now';
import { TrafficHistory } from './traffic-history';
import { useChangeFlow, type ChangeRequest } from './use-change-flow';
import { useTrafficRouting, type ServiceRef } from './use-traffic';
import { WeightEditor } from './weight-editor';
import { startingWeights } from './weights';

// The fields the panel shows errors next to; a refusal naming anything else goes to the panel's own alert.
const SHOWN_FIELDS = ['weights', 'darkLaunch', 'mirror', 'resilience'];

/**
 * How a service's traffic is routed, and the one-click changes to it: weights per version with presets, a dark launch,
 * mirroring, resilience, each previewed (summary, YAML diff, findings, warnings) before Apply; "send all traffic back"
 * when a split exists; the audit history with its rollbacks. `compact` is the graph's side panel: the forms folded.
 */
export function TrafficPanel({ service, compact = false }: { service: ServiceRef; compact?: boolean }) {
  const routing = useTrafficRouting(service);
  const { data, error, isPending } = routing;
  if (isPending) return <Loading>Loading the routing of {service.name}…</Loading>;
  if (!data) {
    // In the graph, an app whose name is no service's (a 404) simply has no routing to show here.
    if (compact && error instanceof ApiError && error.status === 404)
      return (
        <p className="text-sm text-slate-600">
          No service named {service.name} in {service.namespace}.
        </p>
      );
    if (error instanceof ApiError && error.status === 404)
      return <Failure what={`Routing of ${service.name}`} error={error} />;
    return (
      <SourceDown
        what={`Routing of ${service.name}`}
        reason={error?.message ?? 'no answer'}
        retry={() => void routing.refetch()}
        retrying={routing.isFetching}
      />
    );
  }
  return <Editor service={service} routing={data} compact={compact} />;
}

/** A folded section. `lazy`: its content (and so its queries) only while open; forms stay mounted to keep drafts. */
function Fold({
  title,
  open,
  lazy = false,
  children,
}: {
  title: string;
  open: boolean;
  lazy?: boolean;
  children: ReactNode;
}) {
  const [isOpen, setOpen] = useState(open);
  return (
    <details
      open={isOpen}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="rounded border border-slate-200 px-2 py-1"
    >
      <summary className="cursor-pointer text-sm font-medium">{title}</summary>
      <div className="pt-2">{(!lazy || isOpen) && children}</div>
    </details>
  );
}

function Editor({
  service,
  routing,
  compact,
}: {
  service: ServiceRef;
  routing: TrafficRoutingResponse;
  compact: boolean;
}) {
  const [edits, setEdits] = useState<TrafficEdits>({});
  const [applies, setApplies] = useState(0);
  const flow = useChangeFlow(service, {
    // The change is written: the fields follow the routing again.
    onApplied: () => {
      setEdits({});
      setApplies((n) => n + 1);
    },
  });
  const [nothing, setNothing] = useState(false);
  const order = routing.versions.map((v) => v.name);
  const weights = edits.weights ?? startingWeights(order, routing.weights);
  const readOnly = routing.access.allowed ? null : (routing.access.reason ?? 'you may not change these objects');
  const errors = flowFieldErrors(flow);
  // The forms keep what is typed; they start again from the routing when it changes (an Apply, a colleague's change).
  const formsKey = `${applies}|${JSON.stringify([routing.darkLaunch, routing.mirror, routing.resilience])}`;

  const edit = (patch: TrafficEdits) => {
    setEdits((e) => ({ ...e, ...patch }));
    setNothing(false);
    // A plan on screen no longer matches the fields: it goes, so that Apply never writes what was not shown.
    if (flow.preview) flow.cancel();
  };
  const preview = (request: ChangeRequest) => {
    setNothing(false);
    flow.previewChange(request);
  };
  const previewEdits = () => {
    const body = intentBody(routing, edits);
    if (isEmptyIntent(body)) setNothing(true);
    else preview({ kind: 'change', body });
  };

  return (
    <section aria-label={`Traffic routing of ${service.name}`} className="space-y-3">
      <RoutingNow routing={routing} />
      {readOnly && (
        <p role="note" className="rounded border border-slate-300 bg-slate-100 px-2 py-1 text-sm text-slate-700">
          Read only: {readOnly}
        </p>
      )}
      {order.length === 0 ? (
        <p className="text-sm text-slate-600">
          No pod behind {service.name} has a version label, so there is nothing to split by version.
        </p>
      ) : (
        <WeightEditor
          versions={routing.versions}
          weights={weights}
          onChange={(w) => edit({ weights: w })}
          errors={errorsUnder(errors, 'weights')}
          disabled={readOnly !== null}
          compact={compact}
        />
      )}
      {routing.sendAllBackTo && (
        <button
          type="button"
          disabled={readOnly !== null || flow.busy}
          onClick={() => {
            const back = Object.fromEntries(order.map((v) => [v, v === routing.sendAllBackTo ? 100 : 0]));
            setEdits((e) => ({ ...e, weights: back }));
            preview({ kind: 'change', body: { weights: back } });
          }}
          className="rounded border border-amber-400 bg-amber-50 px-2 py-1 text-sm font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-50"
        >
          Send all traffic back to {routing.sendAllBackTo}
        </button>
      )}
      <div key={formsKey} className="space-y-2">
        <Fold title="Dark launch" open={!compact && routing.darkLaunch !== null}>
          <DarkLaunchForm
            current={routing.darkLaunch}
            versions={order}
            onChange={(d) => edit({ darkLaunch: d })}
            errors={errorsUnder(errors, 'darkLaunch')}
            disabled={readOnly !== null}
          />
        </Fold>
        <Fold title="Mirroring" open={!compact && routing.mirror !== null}>
          <MirrorForm
            current={routing.mirror}
            versions={order}
            onChange={(m) => edit({ mirror: m })}
            errors={errorsUnder(errors, 'mirror')}
            disabled={readOnly !== null}
          />
        </Fold>
        <Fold title="Resilience" open={false}>
          <ResilienceForm
            current={routing.resilience}
            onChange={(r) => edit({ resilience: r })}
            errors={errorsUnder(errors, 'resilience')}
            disabled={readOnly !== null}
          />
        </Fold>
      </div>
      <button
        type="button"
        onClick={previewEdits}
        disabled={readOnly !== null || flow.busy}
        className="rounded border border-sky-700 px-3 py-1 text-sm font-medium text-sky-800 hover:bg-sky-50 disabled:opacity-50"
      >
        Preview
      </button>
      {nothing && (
        <p role="status" className="text-sm text-slate-600">
          Nothing to change: the fields say what the routing already does.
        </p>
      )}
      <ChangePreview flow={flow} shownFields={SHOWN_FIELDS} />
      {/* The progressive canary (issue 20) on the service page; the graph's side panel has the badge instead. */}
      {!compact && <CanaryPanel service={service} routing={routing} readOnly={readOnly} />}
      <Fold title="History" open={!compact} lazy>
        <TrafficHistory
          service={service}
          disabled={readOnly}
          onRollback={(entry) => preview({ kind: 'rollback', to: entry.id })}
        />
      </Fold>
    </section>
  );
}
