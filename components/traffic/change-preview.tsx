'use client';
import { ApiError } from '@/lib/api/fetch-json';
import { errorsElsewhere, fieldErrors } from './field-errors';
import { FieldErrorText } from './field-error-text';
import { blockingFindings, PlanView } from './plan-view';
import type { ChangeFlow } from './use-change-flow';

/** The API's refusal of the panel's change, split by field (a 400 or 422 names it); other failures name none. */
export function flowFieldErrors(flow: ChangeFlow) {
  const err = flow.error;
  if (!err) return [];
  if (err instanceof ApiError && (err.status === 400 || err.status === 422)) return fieldErrors(err.message);
  return [{ field: '', message: err.message }];
}

/**
 * The plan on screen and its Apply: Apply sends exactly this plan's resourceVersion and is refused while a finding is
 * an error or the user may not write. After a 409 the plan shown is the new one, said so above it.
 */
export function ChangePreview({ flow, shownFields }: { flow: ChangeFlow; shownFields: string[] }) {
  const { preview, conflict, busy, applied } = flow;
  const elsewhere = errorsElsewhere(flowFieldErrors(flow), shownFields);
  const blocking = preview ? blockingFindings(preview) : [];
  const refusedBy =
    preview && !preview.access.allowed
      ? `You may not write these objects: ${preview.access.reason ?? 'the cluster refused the access review'}`
      : blocking.length > 0
        ? `Apply is blocked by ${blocking.length === 1 ? 'an error' : `${blocking.length} errors`} in the findings: fix the change and preview again.`
        : null;
  return (
    <div className="space-y-2">
      <FieldErrorText errors={elsewhere} />
      {applied && (
        <p role="status" className="rounded border border-green-200 bg-green-50 px-2 py-1 text-sm text-green-900">
          Applied: {applied}. The graph shows it at its next refresh.
        </p>
      )}
      {preview && (
        <div className="space-y-2 rounded border border-slate-200 bg-slate-50 p-2">
          {conflict && (
            <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm text-amber-900">
              Changed since you looked: someone changed these objects after your preview, so nothing was written. This
              is the plan against the objects as they are now; check it and apply again.
            </p>
          )}
          <PlanView answer={preview} />
          {refusedBy && <p className="text-sm text-red-800">{refusedBy}</p>}
          <div className="flex gap-2">
            <button
              type="button"
              onClick={flow.apply}
              disabled={busy || refusedBy !== null}
              className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
            >
              {busy ? 'Working…' : 'Apply'}
            </button>
            <button
              type="button"
              onClick={flow.cancel}
              className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
