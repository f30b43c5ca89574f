import { Icon } from './icon';

/** As the Sidecar column reads: "Sidecar", "No sidecar (control plane)" or "Missing sidecar". */
export const sidecarLabel = (hasSidecar: boolean, exemption: string | null | undefined) =>
  hasSidecar ? 'Sidecar' : exemption ? `No sidecar (${exemption})` : 'Missing sidecar';

/**
 * "Sidecar", or why there is none: a warning only where one is expected (Kiali does not warn for gateways, the
 * control plane, ambient workloads or a deliberate opt-out).
 */
export function SidecarStatus({ hasSidecar, exemption }: { hasSidecar: boolean; exemption?: string | null }) {
  const label = sidecarLabel(hasSidecar, exemption);
  if (hasSidecar)
    return (
      <span className="inline-flex items-center gap-1 text-slate-700">
        <Icon name="sidecar" /> {label}
      </span>
    );
  if (exemption)
    return (
      <span className="inline-flex items-center gap-1 text-slate-500" title="No sidecar is expected here">
        {label}
      </span>
    );
  return (
    <span className="inline-flex items-center gap-1 text-amber-700">
      <Icon name="warn" /> {label}
    </span>
  );
}
