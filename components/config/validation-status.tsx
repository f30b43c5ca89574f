import type { ValidationCounts } from '@/lib/api/validations';
import { EntityLink } from '../ui/entity-link';
import { Icon } from '../ui/icon';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 error, 2 warnings", "2 info", or '' when there is nothing to count. */
export function findingsText(c: ValidationCounts): string {
  return [
    c.errors ? plural(c.errors, 'error') : '',
    c.warnings ? plural(c.warnings, 'warning') : '',
    c.infos ? `${c.infos} info` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * "Valid", "1 error", "2 warnings, 1 info": an icon and words, never colour alone. With `href`, the counts are a link
 * to the page that lists what they count (a count that leads nowhere cannot be checked).
 */
export function ValidationStatus({ counts, href }: { counts: ValidationCounts | undefined; href?: string }) {
  if (!counts) return <span className="text-slate-400">—</span>; // not validated (yet)
  const c = counts;
  const parts = findingsText(c);
  const look = c.errors
    ? { className: 'text-red-700', icon: 'error' as const, text: parts }
    : c.warnings
      ? { className: 'text-amber-700', icon: 'warn' as const, text: parts }
      : { className: 'text-emerald-700', icon: 'ok' as const, text: parts ? `Valid (${parts})` : 'Valid' };
  const status = (
    <>
      <Icon name={look.icon} />
      {look.text}
    </>
  );
  if (href && parts)
    return (
      <EntityLink path={href} className={`inline-flex items-center gap-1 underline ${look.className}`}>
        {status}
      </EntityLink>
    );
  return <span className={`inline-flex items-center gap-1 ${look.className}`}>{status}</span>;
}
