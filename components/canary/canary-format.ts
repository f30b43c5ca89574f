// A run's facts in words (pure, unit-tested): each gate against its threshold, the phase, the decision.
import type { CanaryDecision, CanaryGateResult, CanaryPhase } from '@/lib/api/canary';

const GATE_NAMES: Record<CanaryGateResult['name'], string> = {
  'success-rate': 'success rate',
  p99: 'p99',
  requests: 'requests',
  'success-rate-vs-baseline': 'success rate below the baseline',
  'p99-vs-baseline': 'p99 above the baseline',
};

// Success rate and requests must reach their threshold; p99 and the degradations vs the baseline must stay under it.
const AT_LEAST = new Set<CanaryGateResult['name']>(['success-rate', 'requests']);

/** 99.62 → "99.6", 100 → "100", 0.004 → "0": one decimal at most, as a person reads a percentage. */
export function figure(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function amount(value: number, unit: CanaryGateResult['unit']): string {
  if (unit === 'requests') return String(Math.round(value));
  if (unit === 'points') return `${figure(value)} points`;
  return `${figure(value)} ${unit}`;
}

/** "✓ success rate 99.6 % ≥ 99 %", "✗ p99 812 ms > 500 ms", "— success rate: no data". */
export function gateText(gate: CanaryGateResult): string {
  const name = GATE_NAMES[gate.name];
  const atLeast = AT_LEAST.has(gate.name);
  if (gate.value === null)
    return `— ${name}: no data (threshold ${atLeast ? '≥' : '≤'} ${amount(gate.threshold, gate.unit)})`;
  const value = amount(gate.value, gate.unit);
  const threshold = amount(gate.threshold, gate.unit);
  if (gate.passed === null) return `— ${name} ${value}: not judged (threshold ${atLeast ? '≥' : '≤'} ${threshold})`;
  if (gate.passed) return `✓ ${name} ${value} ${atLeast ? '≥' : '≤'} ${threshold}`;
  return `✗ ${name} ${value} ${atLeast ? '<' : '>'} ${threshold}`;
}

export const PHASE_WORDS: Record<CanaryPhase, string> = {
  progressing: 'Progressing',
  paused: 'Paused',
  promoted: 'Promoted',
  rolledBack: 'Rolled back',
  aborted: 'Aborted',
};

export const DECISION_WORDS: Record<CanaryDecision, string> = {
  start: 'Started',
  advance: 'Advanced',
  hold: 'Held',
  fail: 'Failed',
  rollback: 'Rolled back',
  promote: 'Promoted',
  pause: 'Paused',
  resume: 'Resumed',
  abort: 'Aborted',
  'promote-now': 'Promoted now',
  error: 'Error',
};

/** Whether a run still acts: a finished one only shows what happened. */
export const isActive = (phase: CanaryPhase) => phase === 'progressing' || phase === 'paused';

/** "in 8 s", "in 2 min", "now": how long until the next step, from the page's clock. */
export function untilText(atMs: number, nowMs: number): string {
  const seconds = Math.round((atMs - nowMs) / 1000);
  if (seconds <= 0) return 'due now';
  if (seconds < 120) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}
