// The workload's security answer from what the loader read: the policies in force (config-reach.ts decides which
// apply), the mTLS they make effective, who may call whom, the window's calls split into allowed and denied, and the
// warnings. Pure.
import type { SecurityResponse } from '../../lib/api/security.js';
import type { ConfigTarget } from '../mesh/config-reach.js';
import type { WorkloadModel } from '../mesh/build-workloads.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { accessModel } from './access-model.js';
import { effectiveMtls, mtlsStatus } from './effective-mtls.js';
import { callerName, evaluableCalls } from './evaluable-calls.js';
import type { LogCall } from './log-calls.js';
import { splitCalls, type DenialEvidence, type MetricCall } from './observed-calls.js';
import { policiesInForce } from './policies-in-force.js';
import { securityWarnings } from './security-warnings.js';

export interface SecurityInputs {
  workload: WorkloadModel;
  /** The ports its containers declare (the sidecar's own left out). */
  ports: readonly number[];
  target: ConfigTarget;
  /** AuthorizationPolicies, RequestAuthentications and PeerAuthentications of every namespace, kinds set. */
  objects: readonly KubeObject[];
  rootNamespace: string;
  timestamp: number;
  duration: string;
  windowSeconds: number;
  /** null when Prometheus failed (metricsError says why). */
  metricCalls: MetricCall[] | null;
  metricsError?: string;
  /** null when the access logs could not be read (logsError says why). */
  logged: { calls: LogCall[]; evidence: DenialEvidence[] } | null;
  logsError?: string;
}

export function buildSecurity(inputs: SecurityInputs): SecurityResponse {
  const inForce = policiesInForce(inputs.objects, inputs.target, inputs.rootNamespace);
  const ports = effectiveMtls(inForce.peerAuthns, inputs.ports);
  const metricCalls = inputs.metricCalls ?? [];
  const calls = evaluableCalls(metricCalls, inputs.logged?.calls ?? []);
  const sum = (mtls: boolean) =>
    metricCalls.filter((c) => c.mtls === mtls).reduce((n, c) => n + c.requests, 0) / inputs.windowSeconds;
  const pods = inputs.workload.pods;
  const mtls = mtlsStatus({
    ports,
    sidecars: { withSidecar: pods.filter((p) => p.hasSidecar).length, pods: pods.length },
    gateway: inputs.workload.isGateway,
    observed: inputs.metricCalls
      ? {
          mutualTlsRps: sum(true),
          plaintextRps: sum(false),
          // A gateway's callers come from outside: how they connected is its Gateway's TLS, not mTLS.
          plaintextCallers: inputs.workload.isGateway
            ? []
            : [...new Set(calls.filter((c) => c.mtls === false).map((c) => callerName(c.source)))].sort(),
        }
      : null,
  });
  const { allowed, denied } = splitCalls(metricCalls, inputs.logged?.evidence ?? []);
  const answer: SecurityResponse = {
    timestamp: inputs.timestamp,
    duration: inputs.duration,
    rootNamespace: inputs.rootNamespace,
    mtls,
    policies: inForce.policies,
    access: accessModel(inForce.authz),
    allowed,
    denied,
    warnings: securityWarnings({
      ports,
      hasSidecar: mtls.sidecar !== 'none' && !inputs.workload.isGateway,
      authz: inForce.authz,
      requestAuthns: inForce.requestAuthns,
      calls,
    }),
  };
  if (inputs.metricsError) answer.metricsError = inputs.metricsError;
  if (inputs.logsError) answer.logsError = inputs.logsError;
  return answer;
}
