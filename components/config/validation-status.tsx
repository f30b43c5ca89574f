import type { ValidationCounts } from '@/lib/api/validations';
import { Icon } from '../ui/icon';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Valid", "1 error", "2 warnings, 1 info": an icon and words, never colour alone. */
export function ValidationStatus({ counts }: { counts: ValidationCounts | undefined }) {
  if (!counts) return <span className="text-slate-400">—</span>; // not validated (yet)
  const c = counts;
  const parts = [
    c.errors ? plural(c.errors, 'error') : '',
    c.warnings ? plural(c.warnings, 'warning') : '',
    c.infos ? `${c.infos} info` : '',
  ].filter(Boolean);
  if (c.errors)
    return (
      <span className="inline-flex items-center gap-1 text-red-700">
        <Icon name="error" />
        {parts.join(', ')}
      </span>
    );
  if (c.warnings)
    return (
      <span className="inline-flex items-center gap-1 text-amber-700">
        <Icon name="warn" />
        {parts.join(', ')}
      </span>
    );
  return (
    <span className="inline-flex items-center gap-1 text-emerald-700">
      <Icon name="ok" />
      {parts.length ? `Valid (${parts.join(', ')})` : 'Valid'}
    </span>
  );
}
