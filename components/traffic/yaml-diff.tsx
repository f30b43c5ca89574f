/** How each line of a unified diff reads: added, removed, a file or hunk header, or unchanged context. */
function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'font-semibold text-slate-700';
  if (line.startsWith('@@')) return 'text-sky-700';
  if (line.startsWith('+')) return 'bg-green-50 text-green-800';
  if (line.startsWith('-')) return 'bg-red-50 text-red-800';
  return 'text-slate-600';
}

/** The plan's YAML diff, the + and − lines coloured and kept as text (their sign says it without the colour). */
export function YamlDiff({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  if (diff.trim() === '') return <p className="text-sm text-slate-600">The objects stay as they are.</p>;
  return (
    <pre
      aria-label="YAML diff"
      className="max-h-80 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-xs leading-5"
    >
      {lines.map((line, i) => (
        <div key={i} className={lineClass(line)}>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}
