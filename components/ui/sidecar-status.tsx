import { Icon } from './icon';

/**
 * "Sidecar", or why there is none: a warning only where one is expected (Kiali does not warn for gateways, the
 * control plane, ambient workloads or a deliberate opt-out).
 */
export function SidecarStatus({ hasSidecar, exemption }: { hasSidecar: boolean; exemption?: string | null }) {
  if (hasSidecar)
    return (
      <span className="inline-flex items-center gap-1 text-slate-700">
        <Icon name="sidecar" /> Sidecar
      </span>
    );
  if (exemption)
    return (
      <span className="inline-flex items-center gap-1 text-slate-500" title="No sidecar is expected here">
        No sidecar ({exemption})
      </span>
    );
  return (
    <span className="inline-flex items-center gap-1 text-amber-700">
      <Icon name="warn" /> Missing sidecar
    </span>
  );
}
