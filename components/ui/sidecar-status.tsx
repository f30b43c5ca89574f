import { Icon } from './icon';

export function SidecarStatus({ hasSidecar }: { hasSidecar: boolean }) {
  return hasSidecar ? (
    <span className="inline-flex items-center gap-1 text-slate-700">
      <Icon name="sidecar" /> Sidecar
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-amber-700">
      <Icon name="warn" /> Missing sidecar
    </span>
  );
}
