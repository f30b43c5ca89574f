// Where the built-in kinds merge lists instead of replacing them, as their Go types declare with the
// `patchStrategy:"merge" patchMergeKey:"..."` struct tags (k8s.io/api). Strategic merge patch and server-side apply
// both read it; a list not described here is replaced whole (atomic), as for any field without a strategy.

export interface PatchSchema {
  fields?: Record<string, PatchSchema>;
  /** The list's items are maps merged by this key. */
  mergeKey?: string;
  /** The list holds scalars merged as a set (metadata.finalizers). */
  mergeScalars?: boolean;
  /** Schema of each item of a keyed list. */
  items?: PatchSchema;
}

const objectMeta: PatchSchema = {
  fields: { finalizers: { mergeScalars: true }, ownerReferences: { mergeKey: 'uid' } },
};

const container: PatchSchema = {
  fields: {
    ports: { mergeKey: 'containerPort' },
    env: { mergeKey: 'name' },
    volumeMounts: { mergeKey: 'mountPath' },
    volumeDevices: { mergeKey: 'devicePath' },
  },
};

const podSpec: PatchSchema = {
  fields: {
    containers: { mergeKey: 'name', items: container },
    initContainers: { mergeKey: 'name', items: container },
    ephemeralContainers: { mergeKey: 'name', items: container },
    volumes: { mergeKey: 'name' },
    imagePullSecrets: { mergeKey: 'name' },
    hostAliases: { mergeKey: 'ip' },
    topologySpreadConstraints: { mergeKey: 'topologyKey' },
    schedulingGates: { mergeKey: 'name' },
    resourceClaims: { mergeKey: 'name' },
  },
};

const withConditions: PatchSchema = { fields: { conditions: { mergeKey: 'type' } } };

const workload: PatchSchema = {
  fields: {
    metadata: objectMeta,
    spec: { fields: { template: { fields: { metadata: objectMeta, spec: podSpec } } } },
    status: withConditions,
  },
};

const BY_KIND: Record<string, PatchSchema> = {
  Pod: {
    fields: {
      metadata: objectMeta,
      spec: podSpec,
      status: {
        fields: { conditions: { mergeKey: 'type' }, podIPs: { mergeKey: 'ip' }, hostIPs: { mergeKey: 'ip' } },
      },
    },
  },
  Deployment: workload,
  ReplicaSet: workload,
  StatefulSet: workload,
  DaemonSet: workload,
  Service: {
    fields: { metadata: objectMeta, spec: { fields: { ports: { mergeKey: 'port' } } }, status: withConditions },
  },
  ServiceAccount: { fields: { metadata: objectMeta, secrets: { mergeKey: 'name' } } },
  Namespace: { fields: { metadata: objectMeta, status: withConditions } },
  PersistentVolumeClaim: { fields: { metadata: objectMeta, status: withConditions } },
};

const DEFAULT: PatchSchema = { fields: { metadata: objectMeta } };

export function patchSchemaFor(kind: string): PatchSchema {
  return BY_KIND[kind] ?? DEFAULT;
}
