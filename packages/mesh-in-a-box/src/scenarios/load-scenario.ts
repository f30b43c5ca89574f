import { bookinfoScenario } from './bookinfo/bookinfo-scenario.js';
import type { Scenario, ScenarioOptions } from './scenario.js';
import { sentimentAnalysisScenario } from './sentiment-analysis/sentiment-analysis-scenario.js';
import { syntheticScenario } from './synthetic/synthetic-scenario.js';

export const SCENARIO_NAMES = ['sentiment-analysis', 'bookinfo', 'synthetic'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const SYNTHETIC_DEFAULTS = { workloads: 200, namespaces: 10, seed: 1 };

/** A scenario by name, with fresh objects on every call. Options other than the seed matter to synthetic only. */
export function loadScenario(name: ScenarioName = 'sentiment-analysis', options: ScenarioOptions = {}): Scenario {
  if (name === 'sentiment-analysis') return sentimentAnalysisScenario();
  if (name === 'bookinfo') return bookinfoScenario();
  if (name === 'synthetic') {
    return syntheticScenario({
      workloads: options.workloads ?? SYNTHETIC_DEFAULTS.workloads,
      namespaces: options.namespaces ?? SYNTHETIC_DEFAULTS.namespaces,
      seed: options.seed ?? SYNTHETIC_DEFAULTS.seed,
    });
  }
  throw new Error(`no scenario "${String(name)}"; choose one of ${SCENARIO_NAMES.join(', ')}`);
}
