'use client';
import { useState } from 'react';
import { rangeFromInputs, toLocalInput } from '@/lib/range-select';
import type { TimeRange } from '@/lib/time-range';

const clock = (t: number) => new Date(t * 1000).toLocaleTimeString();

/**
 * The chosen range in words with "Clear range", and the keyboard's way to choose one: two time inputs and Apply
 * (dragging on a chart needs a pointer). The inputs start at the chosen range, or at the window's last 5 minutes.
 */
export function RangeControls({
  range,
  window,
  onRange,
}: {
  range: TimeRange | null;
  /** The charts' time axis, unix seconds. */
  window: [number, number];
  onRange: (range: TimeRange | null) => void;
}) {
  const initial = range ?? { from: Math.max(window[0], window[1] - 300), to: window[1] };
  return (
    <div role="group" aria-label="Range" className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
      {range ? (
        <>
          <span data-testid="chosen-range">
            Range {clock(range.from)} – {clock(range.to)} ({Math.round(range.to - range.from)} s)
          </span>
          <button type="button" className="rounded border border-slate-300 px-2 py-0.5" onClick={() => onRange(null)}>
            Clear range
          </button>
        </>
      ) : (
        <span className="text-slate-500">Drag across a chart to choose a range, or type one:</span>
      )}
      {/* Keyed by the range: a range dragged on a chart starts the inputs afresh at it. */}
      <RangeForm key={range ? `${range.from}-${range.to}` : 'none'} initial={initial} onRange={onRange} />
    </div>
  );
}

function RangeForm({ initial, onRange }: { initial: TimeRange; onRange: (range: TimeRange) => void }) {
  const [fromText, setFromText] = useState(toLocalInput(initial.from));
  const [toText, setToText] = useState(toLocalInput(initial.to));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = rangeFromInputs(fromText, toText);
        if ('error' in chosen) setError(chosen.error);
        else {
          setError(null);
          onRange(chosen);
        }
      }}
    >
      <label className="flex items-center gap-1">
        From
        <input
          type="datetime-local"
          step={1}
          value={fromText}
          onChange={(e) => setFromText(e.target.value)}
          className="rounded border border-slate-300 px-1"
        />
      </label>
      <label className="flex items-center gap-1">
        To
        <input
          type="datetime-local"
          step={1}
          value={toText}
          onChange={(e) => setToText(e.target.value)}
          className="rounded border border-slate-300 px-1"
        />
      </label>
      <button type="submit" className="rounded border border-slate-300 px-2 py-0.5">
        Apply range
      </button>
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </form>
  );
}
