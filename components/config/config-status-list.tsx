'use client';
import type { IstioConfigRef } from '@/lib/api/istio-config';
import { useValidations } from '@/lib/api/use-validations';
import type { ValidationCounts, ValidationsResponse } from '@/lib/api/validations';
import { istioKindOf } from '@/lib/istio-kinds';
import { EntityLink, istioObjectPath } from '../ui/entity-link';
import { ValidationStatus } from './validation-status';

const VALID: ValidationCounts = { errors: 0, warnings: 0, infos: 0 };

/** An object's counts in the validation listing: listed objects have findings, the rest are valid. */
export function countsOf(data: ValidationsResponse, ref: IstioConfigRef): ValidationCounts {
  return data.objects.find((o) => o.kind === ref.kind && o.namespace === ref.namespace && o.name === ref.name) ?? VALID;
}

/** The Istio config that names an entity, each with its validation status and a link to its page. */
export function ConfigStatusList({ refs, empty = '—' }: { refs: IstioConfigRef[]; empty?: string }) {
  const { data, error } = useValidations({});
  if (refs.length === 0) return <>{empty}</>;
  return (
    <ul aria-label="Istio config" className="space-y-0.5">
      {refs.map((r) => (
        <li key={`${r.kind}/${r.namespace}/${r.name}`} className="flex flex-wrap items-center gap-2">
          {/* Kinds Sextant does not watch (Telemetry, WasmPlugin, Gateway API routes) have no page nor validation. */}
          {istioKindOf(r.kind) !== r.kind ? (
            <span>
              {r.kind} {r.namespace}/{r.name} <span className="text-slate-500">(not validated by Sextant)</span>
            </span>
          ) : (
            <>
              <EntityLink path={istioObjectPath(r)}>
                {r.kind} {r.namespace}/{r.name}
              </EntityLink>
              {data ? (
                <ValidationStatus counts={countsOf(data, r)} href={`${istioObjectPath(r)}#findings-heading`} />
              ) : (
                <span className="text-slate-500">{error ? 'not validated: ' + error.message : 'validating…'}</span>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
