// The range chosen on the Metrics charts: a drag either way, a click that is no range, the two inputs of the keyboard
// alternative with their errors, the URL's `?from=&to=`, and the microseconds the APIs take.
import { describe, expect, it } from 'vitest';
import { rangeFromDrag, rangeFromInputs, rangeMicros, rangeSearch, toLocalInput } from '../../../lib/range-select.js';
import { parseTimeRange } from '../../../lib/time-range.js';

describe('choosing a range on a chart', () => {
  it('orders a drag made right to left and widens it to whole seconds', () => {
    expect(rangeFromDrag(1_000_300.4, 1_000_100.6)).toEqual({ from: 1_000_100, to: 1_000_301 });
  });

  it('takes a click (no width) or a drag off the plot for no range', () => {
    expect(rangeFromDrag(1_000_100, 1_000_100)).toBeNull();
    expect(rangeFromDrag(1_000_100, undefined)).toBeNull();
  });

  it('writes the range to the URL and reads it back; clearing removes both', () => {
    const search = new URLSearchParams(rangeSearch({ from: 100, to: 200 }) as Record<string, string>);
    expect(parseTimeRange(search)).toEqual({ from: 100, to: 200 });
    expect(rangeSearch(null)).toEqual({ from: null, to: null });
    expect(parseTimeRange(new URLSearchParams('from=200&to=100'))).toBeNull();
  });

  it('gives the APIs microseconds, as Jaeger takes them', () => {
    expect(rangeMicros({ from: 1_733_493_600, to: 1_733_494_500 })).toEqual({
      start: '1733493600000000',
      end: '1733494500000000',
    });
  });

  it('reads the two time inputs of the keyboard alternative, and names the field that is wrong', () => {
    const from = 1_733_493_600;
    expect(rangeFromInputs(toLocalInput(from), toLocalInput(from + 900))).toEqual({ from, to: from + 900 });
    expect(rangeFromInputs('yesterday', toLocalInput(from))).toEqual({
      error: 'From: a date and time such as 2026-12-06T14:05:00',
    });
    expect(rangeFromInputs(toLocalInput(from), toLocalInput(from))).toEqual({
      error: 'To must be at least 2 s after From',
    });
  });
});
