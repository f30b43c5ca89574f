// Every rule family, in the order their findings read best.
import type { Rule } from '../context.js';
import { ambientRules } from './ambient.js';
import { annotationRules } from './annotations.js';
import { authorizationPolicyRules } from './authorization-policy.js';
import { conflictRules } from './conflicts.js';
import { destinationRuleRules } from './destination-rule.js';
import { envoyFilterRules } from './envoy-filter.js';
import { gatewayApiRules } from './gateway-api.js';
import { gatewayRules } from './gateway.js';
import { mtlsRules } from './mtls.js';
import { namespaceRules } from './namespaces.js';
import { schemaRules } from './schema.js';
import { selectorRules } from './selectors.js';
import { serviceEntryRules } from './service-entry.js';
import { serviceRules } from './services.js';
import { sidecarRules } from './sidecar.js';
import { statusRules } from './status.js';
import { telemetryRules } from './telemetry.js';
import { virtualServiceRules } from './virtual-service.js';
import { workloadGroupRules } from './workload-group.js';
import { workloadRules } from './workloads.js';

export const ALL_RULES: Rule[] = [
  ...schemaRules,
  ...virtualServiceRules,
  ...destinationRuleRules,
  ...gatewayRules,
  ...serviceEntryRules,
  ...sidecarRules,
  ...mtlsRules,
  ...selectorRules,
  ...authorizationPolicyRules,
  ...gatewayApiRules,
  ...ambientRules,
  ...conflictRules,
  ...serviceRules,
  ...workloadRules,
  ...namespaceRules,
  ...annotationRules,
  ...envoyFilterRules,
  ...telemetryRules,
  ...workloadGroupRules,
  ...statusRules,
];
