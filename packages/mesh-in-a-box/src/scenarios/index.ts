// The scenarios of the mesh in a box; see load-scenario.ts.
export { loadScenario, SCENARIO_NAMES, type ScenarioName } from './load-scenario.js';
export type { Scenario, ScenarioOptions } from './scenario.js';
export { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT } from './istio-system-objects.js';
