// POST …/authorization/simulate: the pasted policy checked (parse-draft-policy.ts), the workloads of the namespace
// it selects (config-reach.ts, the one matcher), the policies in force on each, the last hour's calls into them
// (load-observed-calls.ts), then the pure simulation.
import type { SimulateBody, SimulateResponse } from '../../../lib/api/security.js';
import { configTarget } from '../../mesh/applied-config.js';
import type { WorkloadModel } from '../../mesh/build-workloads.js';
import { linkServices } from '../../mesh/build-mesh.js';
import { reachOf, reaches } from '../../mesh/config-reach.js';
import { namespaceWorkloads } from '../../mesh/namespace-workloads.js';
import { requireNamespace } from '../../sources/kube-cache.js';
import type { Sources } from '../../sources/sources.js';
import { readAuthzPolicy } from '../authz-policy.js';
import { evaluableCalls } from '../evaluable-calls.js';
import type { LoggedCallsCache } from '../logged-calls-cache.js';
import { parseDraftPolicy } from '../parse-draft-policy.js';
import { policiesInForce } from '../policies-in-force.js';
import { simulatePolicy, type SimulatedWorkload } from '../simulate-policy.js';
import { loadMeshSecurityConfig } from './load-mesh-security-config.js';
import { loadObservedCalls } from './load-observed-calls.js';
import { securityObjects } from './load-security.js';

const WINDOW_SECONDS = 3600;

export async function loadSimulation(
  sources: Sources,
  logCache: LoggedCallsCache,
  namespace: string,
  body: SimulateBody,
  signal?: AbortSignal,
): Promise<SimulateResponse> {
  requireNamespace(sources.kubernetes, namespace);
  const draft = parseDraftPolicy(body.policy, namespace);
  const atMs = Date.now();
  const mesh = await loadMeshSecurityConfig(sources, signal);
  const workloads = namespaceWorkloads(sources.kubernetes, namespace);
  const links = linkServices(workloads, sources.kubernetes.list('Service', namespace));
  const reach = reachOf('AuthorizationPolicy', draft, mesh.rootNamespace);
  const objects = securityObjects(sources);
  const selected: SimulatedWorkload[] = [];
  const models: WorkloadModel[] = [];
  for (const w of workloads) {
    const target = configTarget(workloads, links, { namespace, resource: 'workloads', name: w.name });
    if (!reaches(reach, target)) continue;
    const inForce = policiesInForce(objects, target, mesh.rootNamespace);
    selected.push({ workload: w.name, namespace, authz: inForce.authz, jwtChecked: inForce.requestAuthns.length > 0 });
    models.push(w);
  }
  const observed = await loadObservedCalls(
    sources,
    { namespace, workloads: models, windowSeconds: WINDOW_SECONDS, atMs, trustDomain: mesh.trustDomain, logCache },
    signal,
  );
  const calls = evaluableCalls(observed.metricCalls ?? [], observed.logged?.calls ?? []);
  const notes = [
    "Callers, their mTLS and principals come from Istio's metrics (reporter=\"destination\"); methods, paths and ports from the selected workloads' sidecar access logs (the hour's last 20,000 lines of at most 6 pods). A call seen only in the metrics has no operation: a rule on methods, paths or ports gives unknown for it.",
    'Request principals and JWT claims are not observable: on a workload with a RequestAuthentication a rule on them gives unknown; on one without, no request carries a request principal.',
  ];
  if (namespace === mesh.rootNamespace)
    notes.push(
      `${namespace} is the root namespace: the policy would reach the whole mesh; only the workloads of ${namespace} are simulated.`,
    );
  if (selected.length === 0)
    notes.push(`The policy selects no workload of ${namespace}: it would change nothing here.`);
  const answer: SimulateResponse = {
    policy: { kind: 'AuthorizationPolicy', namespace, name: draft.metadata.name },
    action: readAuthzPolicy(draft).action,
    workloads: selected.map((w) => ({ workload: w.workload, namespace: w.namespace })),
    windowSeconds: WINDOW_SECONDS,
    calls: simulatePolicy({ draft, workloads: selected, calls }),
    notes,
  };
  if (observed.metricsError) answer.metricsError = observed.metricsError;
  if (observed.logsError) answer.logsError = observed.logsError;
  return answer;
}
