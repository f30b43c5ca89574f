'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { routeUrl } from '@/lib/api/api-route';
import { fetchJson } from '@/lib/api/fetch-json';
import { appTracesRoute, serviceTracesRoute, workloadTracesRoute } from '@/lib/api/traces';
import type { EntityRef } from '../detail/entity-ref';
import { traceViewUrl } from './trace-view-url';

const TRACES_ROUTES = { apps: appTracesRoute, workloads: workloadTracesRoute, services: serviceTracesRoute } as const;
/** The traces searched around the line's time: Envoy's span and its access-log line are written within seconds. */
const AROUND_US = 10 * 60 * 1_000_000;

/**
 * Istio's access log has no trace id by default, but every span of the request carries its request id as the tag
 * `guid:x-request-id`: the trace is found by searching the entity's traces for that tag, then opened.
 */
export function FindTrace({ entity, requestId, time }: { entity: EntityRef; requestId: string; time: string | null }) {
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'finding' | 'none' | 'failed'>('idle');
  const [reason, setReason] = useState('');
  const find = async () => {
    setState('finding');
    const at = time && !Number.isNaN(Date.parse(time)) ? Date.parse(time) * 1000 : Date.now() * 1000;
    try {
      const answer = await fetchJson(
        routeUrl(
          TRACES_ROUTES[entity.resource].route,
          { ns: entity.namespace, name: entity.name },
          {
            start: String(Math.round(at - AROUND_US)),
            end: String(Math.round(at + AROUND_US)),
            limit: '1',
            tags: JSON.stringify({ 'guid:x-request-id': requestId }),
          },
        ),
        TRACES_ROUTES[entity.resource].output,
      );
      const found = answer.traces[0];
      if (!found) {
        setState('none');
        return;
      }
      router.push(traceViewUrl(entity, found.traceId));
    } catch (err) {
      setReason((err as Error).message);
      setState('failed');
    }
  };
  if (state === 'none') return <span className="text-slate-500">no trace kept</span>;
  return (
    <button
      type="button"
      onClick={() => void find()}
      disabled={state === 'finding'}
      title={state === 'failed' ? `Finding the trace failed: ${reason}` : `Find the trace of request ${requestId}`}
      className="rounded border border-slate-300 px-1.5 py-0.5 whitespace-nowrap text-sky-700 hover:bg-slate-50 disabled:opacity-50"
    >
      {state === 'finding' ? 'Finding…' : state === 'failed' ? 'Retry find' : 'Find trace'}
    </button>
  );
}
