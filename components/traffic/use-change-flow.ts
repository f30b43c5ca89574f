'use client';
// Preview, then apply: the one path every change of the panel takes (weights, forms, "send all back", a rollback).
// Nothing is written without a plan that was shown; Apply sends the resourceVersion of the plan on screen, and a 409
// ("changed since you looked") re-plans and shows the new diff instead of writing over a colleague's change.
import { useState } from 'react';
import { ApiError } from '@/lib/api/fetch-json';
import type { TrafficChangeResponse } from '@/lib/api/traffic-change';
import type { TrafficIntentBody } from './intent-body';
import { useApplyTraffic, usePlanTraffic, useRollback, type ServiceRef } from './use-traffic';

/** What is being previewed: a change of the panel's fields, or a return to the state before an audit entry. */
export type ChangeRequest = { kind: 'change'; body: TrafficIntentBody } | { kind: 'rollback'; to?: string };

export interface ChangeFlow {
  request: ChangeRequest | null;
  /** The plan on screen. */
  preview: TrafficChangeResponse | null;
  /** The cluster changed between the preview and Apply: the preview now shows the new plan. */
  conflict: boolean;
  /** The last refusal or failure, as the API worded it. */
  error: Error | null;
  /** The last applied change, in words. */
  applied: string | null;
  busy: boolean;
  previewChange(request: ChangeRequest): void;
  apply(): void;
  cancel(): void;
}

export function useChangeFlow(service: ServiceRef, { onApplied }: { onApplied?: () => void } = {}): ChangeFlow {
  const planChange = usePlanTraffic(service);
  const applyChange = useApplyTraffic(service);
  const rollback = useRollback(service);
  const [request, setRequest] = useState<ChangeRequest | null>(null);
  const [preview, setPreview] = useState<TrafficChangeResponse | null>(null);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [applied, setApplied] = useState<string | null>(null);

  // A plan sends no resourceVersion; an apply sends the one of the plan on screen.
  const send = (req: ChangeRequest, resourceVersion?: string) => {
    if (req.kind === 'rollback')
      return rollback.mutateAsync({
        ...(req.to ? { to: req.to } : {}),
        dryRun: resourceVersion === undefined,
        resourceVersion,
      });
    return resourceVersion === undefined
      ? planChange.mutateAsync(req.body)
      : applyChange.mutateAsync({ change: req.body, resourceVersion });
  };

  const plan = async (req: ChangeRequest, afterConflict: boolean) => {
    setError(null);
    try {
      setPreview(await send(req));
      setConflict(afterConflict);
    } catch (err) {
      setPreview(null);
      setError(err as Error);
    }
  };

  return {
    request,
    preview,
    conflict,
    error,
    applied,
    busy: planChange.isPending || applyChange.isPending || rollback.isPending,
    previewChange(req) {
      setRequest(req);
      setApplied(null);
      void plan(req, false);
    },
    apply() {
      if (!request || !preview) return;
      const shown = preview;
      setError(null);
      void send(request, shown.plan.resourceVersion).then(
        () => {
          setApplied(shown.plan.summary.join('; ') || 'the change');
          setPreview(null);
          setRequest(null);
          setConflict(false);
          onApplied?.();
        },
        (err: unknown) => {
          if (err instanceof ApiError && err.status === 409) void plan(request, true);
          else setError(err as Error);
        },
      );
    },
    cancel() {
      setRequest(null);
      setPreview(null);
      setConflict(false);
      setError(null);
    },
  };
}
