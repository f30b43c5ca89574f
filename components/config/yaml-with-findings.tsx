import type { Finding } from '@/lib/api/validations';
import { Icon } from '../ui/icon';

const RANK = { error: 2, warning: 1, info: 0 } as const;

/** The YAML with line numbers; lines that findings point at carry a mark, a word and the message. */
export function YamlWithFindings({
  text,
  findings,
  lineOf,
  label,
}: {
  text: string;
  findings: Finding[];
  lineOf: (path: string) => number;
  label: string;
}) {
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) {
    const line = lineOf(f.path);
    byLine.set(line, [...(byLine.get(line) ?? []), f]);
  }
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <figure aria-label={label} className="rounded border border-slate-200 bg-white shadow-sm">
      <figcaption className="border-b border-slate-200 bg-slate-100 px-3 py-1.5 text-xs text-slate-600">
        YAML (read-only)
      </figcaption>
      <ol className="overflow-auto py-2 font-mono text-xs leading-relaxed text-slate-800">
        {lines.map((content, i) => {
          const n = i + 1;
          const marks = byLine.get(n);
          const worst = marks?.reduce(
            (a, f) => (RANK[f.severity] > RANK[a] ? f.severity : a),
            'info' as Finding['severity'],
          );
          const tone = !marks
            ? ''
            : worst === 'error'
              ? 'bg-red-50 border-l-4 border-red-600'
              : worst === 'warning'
                ? 'bg-amber-50 border-l-4 border-amber-500'
                : 'bg-sky-50 border-l-4 border-sky-500';
          return (
            <li
              key={n}
              id={`yaml-line-${n}`}
              data-line={n}
              aria-label={marks ? `Line ${n}: ${marks.map((f) => `${f.severity}: ${f.message}`).join(' ')}` : undefined}
              // The number is a ::before, so that copying or reading the YAML's text gives the YAML alone.
              className={`flex gap-3 px-3 before:w-8 before:shrink-0 before:text-right before:text-slate-400 before:content-[attr(data-line)] ${tone}`}
            >
              <span className="whitespace-pre">{content}</span>
              {marks && (
                <span className="ml-2 inline-flex items-center gap-1 whitespace-nowrap font-sans">
                  <Icon name={worst === 'error' ? 'error' : worst === 'warning' ? 'warn' : 'unknown'} />
                  {marks.length === 1 ? marks[0]!.severity : `${marks.length} findings`}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
