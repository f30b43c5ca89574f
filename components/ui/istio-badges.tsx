import type { Badge } from '@/lib/api/workloads';
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

export function IstioBadges({ badges }: { badges: Badge[] }) {
  if (badges.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Istio">
      {badges.map((b) => (
        <li
          key={b}
          className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-xs ${LOOK[b].className}`}
        >
          <Icon name={LOOK[b].icon} className="h-3 w-3" />
          {LOOK[b].label}
        </li>
      ))}
    </ul>
  );
}
