import { describe, expect, it } from 'vitest';
import { parseNamespaces, parseRefresh, parseWindow, refreshMs, withControls } from '../../../lib/time-controls.js';

describe('time controls in the URL', () => {
  it('reads a window the picker offers and falls back to 5 minutes for anything else', () => {
    expect(parseWindow('1d')).toBe('1d');
    expect(parseWindow('7m')).toBe('5m');
    expect(parseWindow(null)).toBe('5m');
  });

  it('turns the refresh interval into milliseconds, and off into no polling', () => {
    expect(refreshMs(parseRefresh('1m'))).toBe(60_000);
    expect(refreshMs(parseRefresh('off'))).toBeNull();
    expect(refreshMs(parseRefresh('banana'))).toBe(15_000);
  });

  it('reads namespaces without blanks or repeats', () => {
    expect(parseNamespaces('demo,,legacy,demo')).toEqual(['demo', 'legacy']);
    expect(parseNamespaces(undefined)).toEqual([]);
  });

  it('changes one control and keeps the others', () => {
    expect(withControls(new URLSearchParams('window=5m&namespaces=demo'), { window: '1h' })).toBe(
      '?window=1h&namespaces=demo',
    );
    expect(withControls(new URLSearchParams('kind=Gateway'), { kind: null })).toBe('');
  });
});
