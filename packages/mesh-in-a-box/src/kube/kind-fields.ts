import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ResourceType } from '../store/resource-types.js';
import { OPEN, type FieldTree } from './field-tree.js';

// The fields each kind declares, for fieldValidation. Istio's come from its CRD bundle (see
// generate-istio-fields.ts); the built-in kinds' from the Kubernetes API reference, as far as the mesh in a box
// checks them: a subtree marked OPEN is not checked (a pod's spec, a workload's pod template spec, statuses).

const leaf: FieldTree = {};
const names = (...fields: string[]): Record<string, FieldTree> => Object.fromEntries(fields.map((f) => [f, leaf]));
const stringMap: FieldTree = { values: leaf };
const stringList: FieldTree = { items: leaf };

const OBJECT_META: FieldTree = {
  fields: {
    ...names(
      'name',
      'generateName',
      'namespace',
      'selfLink',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ),
    labels: stringMap,
    annotations: stringMap,
    finalizers: stringList,
    ownerReferences: {
      items: { fields: names('apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion') },
    },
    managedFields: {
      items: {
        fields: { ...names('manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'subresource'), fieldsV1: OPEN },
      },
    },
  },
};

const LABEL_SELECTOR: FieldTree = {
  fields: {
    matchLabels: stringMap,
    matchExpressions: { items: { fields: { ...names('key', 'operator'), values: stringList } } },
  },
};

const objectOf = (fields: Record<string, FieldTree>): FieldTree => ({
  fields: { apiVersion: leaf, kind: leaf, metadata: OBJECT_META, ...fields },
});

const SERVICE_SPEC: FieldTree = {
  fields: {
    ...names(
      'clusterIP',
      'type',
      'sessionAffinity',
      'loadBalancerIP',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'publishNotReadyAddresses',
      'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts',
      'loadBalancerClass',
      'internalTrafficPolicy',
      'trafficDistribution',
    ),
    ports: { items: { fields: names('name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort') } },
    selector: stringMap,
    clusterIPs: stringList,
    externalIPs: stringList,
    loadBalancerSourceRanges: stringList,
    ipFamilies: stringList,
    sessionAffinityConfig: OPEN,
  },
};

const POD_TEMPLATE: FieldTree = { fields: { metadata: OBJECT_META, spec: OPEN } };

const DEPLOYMENT_SPEC: FieldTree = {
  fields: {
    ...names('replicas', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'),
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE,
    strategy: OPEN,
  },
};

const workloadSpec = (...fields: string[]): FieldTree => ({
  fields: { ...names(...fields), selector: LABEL_SELECTOR, template: POD_TEMPLATE, updateStrategy: OPEN },
});
const LOCAL_REFERENCES: FieldTree = { items: { fields: names('name') } };

const POLICY_RULES: FieldTree = {
  items: {
    fields: {
      verbs: stringList,
      apiGroups: stringList,
      resources: stringList,
      resourceNames: stringList,
      nonResourceURLs: stringList,
    },
  },
};
const BINDING_FIELDS: Record<string, FieldTree> = {
  roleRef: { fields: names('apiGroup', 'kind', 'name') },
  subjects: { items: { fields: names('kind', 'apiGroup', 'name', 'namespace') } },
};

const BUILT_IN: Record<string, FieldTree> = {
  '/ConfigMap': objectOf({ data: stringMap, binaryData: stringMap, immutable: leaf }),
  '/Secret': objectOf({ data: stringMap, stringData: stringMap, type: leaf, immutable: leaf }),
  '/Namespace': objectOf({ spec: { fields: { finalizers: stringList } }, status: OPEN }),
  '/Service': objectOf({ spec: SERVICE_SPEC, status: OPEN }),
  '/Pod': objectOf({ spec: OPEN, status: OPEN }),
  '/ServiceAccount': objectOf({
    secrets: { items: OPEN },
    imagePullSecrets: LOCAL_REFERENCES,
    automountServiceAccountToken: leaf,
  }),
  '/PersistentVolumeClaim': objectOf({ spec: OPEN, status: OPEN }),
  '/Endpoints': objectOf({ subsets: OPEN }),
  'apps/Deployment': objectOf({ spec: DEPLOYMENT_SPEC, status: OPEN }),
  'apps/ReplicaSet': objectOf({
    spec: { fields: { ...names('replicas', 'minReadySeconds'), selector: LABEL_SELECTOR, template: POD_TEMPLATE } },
    status: OPEN,
  }),
  'apps/StatefulSet': objectOf({
    spec: workloadSpec(
      'replicas',
      'serviceName',
      'podManagementPolicy',
      'revisionHistoryLimit',
      'minReadySeconds',
      'volumeClaimTemplates',
      'persistentVolumeClaimRetentionPolicy',
      'ordinals',
    ),
    status: OPEN,
  }),
  'coordination.k8s.io/Lease': objectOf({
    spec: {
      fields: names(
        'holderIdentity',
        'leaseDurationSeconds',
        'acquireTime',
        'renewTime',
        'leaseTransitions',
        'strategy',
        'preferredHolder',
      ),
    },
  }),
  'policy/PodDisruptionBudget': objectOf({
    spec: {
      fields: { ...names('minAvailable', 'maxUnavailable', 'unhealthyPodEvictionPolicy'), selector: LABEL_SELECTOR },
    },
    status: OPEN,
  }),
  'apps/DaemonSet': objectOf({ spec: workloadSpec('minReadySeconds', 'revisionHistoryLimit'), status: OPEN }),
  'rbac.authorization.k8s.io/Role': objectOf({ rules: POLICY_RULES }),
  'rbac.authorization.k8s.io/ClusterRole': objectOf({
    rules: POLICY_RULES,
    aggregationRule: { fields: { clusterRoleSelectors: { items: LABEL_SELECTOR } } },
  }),
  'rbac.authorization.k8s.io/RoleBinding': objectOf(BINDING_FIELDS),
  'rbac.authorization.k8s.io/ClusterRoleBinding': objectOf(BINDING_FIELDS),
};

let istio: Record<string, FieldTree> | undefined;
// Read on the first write that needs it, not at start-up.
const istioFields = () =>
  (istio ??= parse(readFileSync(new URL('./istio-fields.yaml', import.meta.url), 'utf8')) as Record<string, FieldTree>);
const cache = new Map<string, FieldTree | undefined>();

/** The declared fields of a whole object of this kind, or undefined when the mesh in a box does not know them. */
export function fieldTreeFor(type: ResourceType): FieldTree | undefined {
  const key = `${type.group}/${type.kind}`;
  if (cache.has(key)) return cache.get(key);
  const crd = type.group.endsWith('istio.io') ? istioFields()[key] : undefined;
  const tree = crd ? objectOf(crd.fields ?? {}) : BUILT_IN[key];
  cache.set(key, tree);
  return tree;
}
