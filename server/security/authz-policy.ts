// An AuthorizationPolicy read from its object into the shape the evaluator walks (istio.io, reference/config/security/
// authorization-policy): rules of from (sources), to (operations) and when (conditions). Reading never throws: a
// field of the wrong type reads as absent, as the validator's rules read it; the simulate route checks the pasted
// object's shape first (parse-draft-policy.ts) so a person learns of a wrong field before it is evaluated.
import type { PolicyAction, PolicyRef } from '../../lib/api/security.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { arr, obj, str, strs } from '../validation/util.js';

/** A list field of a source or operation; undefined when the policy does not set it (no constraint). */
type Values = string[] | undefined;

export interface AuthzSource {
  principals: Values;
  notPrincipals: Values;
  requestPrincipals: Values;
  notRequestPrincipals: Values;
  namespaces: Values;
  notNamespaces: Values;
  ipBlocks: Values;
  notIpBlocks: Values;
  remoteIpBlocks: Values;
  notRemoteIpBlocks: Values;
}

export interface AuthzOperation {
  hosts: Values;
  notHosts: Values;
  ports: Values;
  notPorts: Values;
  methods: Values;
  notMethods: Values;
  paths: Values;
  notPaths: Values;
}

export interface AuthzCondition {
  key: string;
  values: Values;
  notValues: Values;
}

export interface AuthzRule {
  from: AuthzSource[];
  to: AuthzOperation[];
  when: AuthzCondition[];
}

export interface AuthzPolicy {
  ref: PolicyRef;
  action: PolicyAction;
  // An empty list (or none) matches nothing: Istio's "allow nothing" / "deny nothing".
  rules: AuthzRule[];
  /** istio.io/dry-run: "true": evaluated and logged by Envoy's shadow rules, never enforced. */
  dryRun: boolean;
  /** CUSTOM's provider name. */
  provider: string | null;
}

const SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
] as const;

const OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'ports',
  'notPorts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;

const values = (v: unknown): Values => (Array.isArray(v) ? strs(v) : undefined);

function readFields<K extends string>(fields: readonly K[], from: Record<string, unknown>): Record<K, Values> {
  return Object.fromEntries(fields.map((f) => [f, values(from[f])])) as Record<K, Values>;
}

function readRule(raw: unknown): AuthzRule {
  const r = obj(raw);
  return {
    from: arr(r['from']).map((f) => readFields(SOURCE_FIELDS, obj(obj(f)['source']))),
    to: arr(r['to']).map((t) => readFields(OPERATION_FIELDS, obj(obj(t)['operation']))),
    when: arr(r['when']).map((w) => {
      const c = obj(w);
      return { key: str(c['key']) ?? '', values: values(c['values']), notValues: values(c['notValues']) };
    }),
  };
}

const ACTIONS = new Set<PolicyAction>(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);

export function readAuthzPolicy(object: KubeObject): AuthzPolicy {
  const spec = obj(object.spec);
  const action = str(spec['action']) ?? 'ALLOW'; // Istio's default action
  return {
    ref: { kind: 'AuthorizationPolicy', namespace: object.metadata.namespace ?? '', name: object.metadata.name },
    action: ACTIONS.has(action as PolicyAction) ? (action as PolicyAction) : 'ALLOW',
    rules: arr(spec['rules']).map(readRule),
    dryRun: object.metadata.annotations?.['istio.io/dry-run'] === 'true',
    provider: str(obj(spec['provider'])['name']) ?? null,
  };
}
