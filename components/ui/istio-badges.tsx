import type { ReactNode } from 'react';
import type { IstioConfigRef } from '@/lib/api/istio-config';
import type { Badge } from '@/lib/api/workloads';
import { EntityLink, entityPath, istioObjectPath } from './entity-link';
import { Icon, type IconName } from './icon';

const LOOK: Record<Badge, { icon: IconName; label: string; className: string }> = {
  'missing-sidecar': {
    icon: 'warn',
    label: 'Missing sidecar',
    className: 'border-amber-300 bg-amber-50 text-amber-800',
  },
  'virtual-service': { icon: 'route', label: 'VirtualService', className: 'border-sky-200 bg-sky-50 text-sky-800' },
  'destination-rule': {
    icon: 'shield',
    label: 'DestinationRule',
    className: 'border-indigo-200 bg-indigo-50 text-indigo-800',
  },
  gateway: { icon: 'gateway', label: 'Gateway', className: 'border-violet-200 bg-violet-50 text-violet-800' },
  ambient: { icon: 'sidecar', label: 'Ambient', className: 'border-teal-200 bg-teal-50 text-teal-800' },
  'not-ready': { icon: 'warn', label: 'Not ready', className: 'border-slate-300 bg-slate-100 text-slate-700' },
};

// The Istio kind a config badge stands for.
const KIND_OF: Partial<Record<Badge, string>> = {
  'virtual-service': 'VirtualService',
  'destination-rule': 'DestinationRule',
  gateway: 'Gateway',
};

export const badgeLabel = (b: Badge) => LOOK[b].label;

/** What a badge stands for: its one Istio object, else the part of the entity's page that lists them or its pods. */
export function badgeTarget(badge: Badge, entity: { detailPath: string; istioConfig: IstioConfigRef[] }): string {
  const kind = KIND_OF[badge];
  if (kind) {
    const refs = entity.istioConfig.filter((r) => r.kind === kind);
    return refs.length === 1 ? istioObjectPath(refs[0]!) : `${entity.detailPath}#config-heading`;
  }
  return `${entity.detailPath}#pods-heading`; // missing sidecar, not ready, ambient: the pods say which and why
}

/** Kiali's badges, each a link to the object or the part of the entity's page it stands for. */
export function IstioBadges({
  entity,
  resource,
  empty = null,
}: {
  /** The entity that carries the badges, with the Istio config naming it. */
  entity: { namespace: string; name: string; badges: Badge[]; istioConfig: IstioConfigRef[] };
  /** The kind of its page, as entityPath names it. */
  resource: 'workloads' | 'applications' | 'services';
  /** What stands in for no badge at all ('—' in a detail page's facts). */
  empty?: ReactNode;
}) {
  const { badges, istioConfig } = entity;
  if (badges.length === 0) return empty;
  const detailPath = entityPath(entity.namespace, resource, entity.name);
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Istio">
      {badges.map((b) => (
        <li key={b}>
          <EntityLink
            path={badgeTarget(b, { detailPath, istioConfig })}
            className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-xs hover:underline ${LOOK[b].className}`}
          >
            <Icon name={LOOK[b].icon} className="h-3 w-3" />
            {LOOK[b].label}
          </EntityLink>
        </li>
      ))}
    </ul>
  );
}
