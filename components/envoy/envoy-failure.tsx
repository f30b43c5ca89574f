'use client';
import { ApiError } from '@/lib/api/fetch-json';
import { SourceDown } from '../ui/panel-message';

/**
 * Why a pod's Envoy config is not shown. A pod without a sidecar is said in words, not as empty tables; a proxy that
 * did not answer greys this panel only, with the reason and a retry; a pod that is gone says so.
 */
export function EnvoyFailure({
  pod,
  what,
  error,
  retry,
  retrying,
}: {
  pod: string;
  what: string;
  error: Error | null;
  retry: () => void;
  retrying: boolean;
}) {
  const code = error instanceof ApiError ? error.code : null;
  if (code === 'no_sidecar')
    return (
      <p role="status" className="rounded border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700">
        <span className="font-medium">No Envoy sidecar in {pod}.</span> {error!.message}.
      </p>
    );
  if (code === 'not_found')
    return (
      <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
        {error!.message}: it may have been replaced by a rollout; pick another pod.
      </p>
    );
  return (
    <SourceDown what={what} reason={error?.message ?? 'no answer'} retry={retry} retrying={retrying}>
      {code?.startsWith('envoy_') &&
        'The proxy is reached through the Kubernetes API (pods/proxy to port 15000); check that the pod is running.'}
    </SourceDown>
  );
}
