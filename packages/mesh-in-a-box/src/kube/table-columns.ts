import type { KubeObject } from '../store/kube-object.js';
import { humanDuration } from './human-duration.js';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  description: string;
  /** 0 = shown by default; 1 = only with -o wide. */
  priority: number;
  cell(obj: KubeObject, nowMs: number): string | number;
}

const col = (name: string, cell: TableColumn['cell'], extra: Partial<TableColumn> = {}): TableColumn => ({
  name,
  type: 'string',
  description: name,
  priority: 0,
  cell,
  ...extra,
});

const NAME = col('Name', (o) => o.metadata.name, {
  format: 'name',
  description: 'Name must be unique within a namespace.',
});
const AGE = col('Age', (o, now) => age(o, now), { description: 'CreationTimestamp is when the object was created.' });
const CREATED_AT = col('Created At', (o) => o.metadata.creationTimestamp ?? '', {
  type: 'date',
  description: 'CreationTimestamp is when the object was created.',
});
const subjectsOf = (o: KubeObject, kind: string) =>
  ((o.subjects ?? []) as { kind: string; name: string; namespace?: string }[])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
const BINDING_COLUMNS: TableColumn[] = [
  NAME,
  col('Role', (o) => {
    const ref = o.roleRef as { kind?: string; name?: string } | undefined;
    return `${ref?.kind ?? ''}/${ref?.name ?? ''}`;
  }),
  AGE,
  col('Users', (o) => subjectsOf(o, 'User'), { priority: 1 }),
  col('Groups', (o) => subjectsOf(o, 'Group'), { priority: 1 }),
  col('ServiceAccounts', (o) => subjectsOf(o, 'ServiceAccount'), { priority: 1 }),
];

function age(obj: KubeObject, nowMs: number): string {
  const created = obj.metadata.creationTimestamp;
  return created ? humanDuration(nowMs - Date.parse(created)) : '<unknown>';
}

const joinOr = (values: unknown, none = '<none>') =>
  Array.isArray(values) && values.length > 0 ? values.join(',') : none;
// CRD printer columns print a JSONPath value as JSON when it is a list, as kubectl shows `["reviews"]`.
const jsonList = (values: unknown) => (Array.isArray(values) ? JSON.stringify(values) : '');
const count = (value: unknown) => (typeof value === 'number' ? value : 0);

interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string; exitCode?: number } };
}

/** The STATUS column of `kubectl get pods`: the phase, unless a container or the deletion says more. */
function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Pending';
  for (const cs of (pod.status?.containerStatuses ?? []) as ContainerStatus[]) {
    const waiting = cs.state?.waiting?.reason;
    const terminated = cs.state?.terminated;
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated.reason ?? `ExitCode:${terminated.exitCode ?? 0}`;
  }
  return reason;
}

function podReady(pod: KubeObject): string {
  const statuses = (pod.status?.containerStatuses ?? []) as ContainerStatus[];
  const total = Array.isArray(pod.spec?.containers) ? pod.spec.containers.length : statuses.length;
  return `${statuses.filter((cs) => cs.ready).length}/${total}`;
}

interface ServicePort {
  port: number;
  nodePort?: number;
  protocol?: string;
}

function servicePorts(svc: KubeObject): string {
  const ports = (svc.spec?.ports ?? []) as ServicePort[];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function externalIp(svc: KubeObject): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const ingress = ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map(
    (i) => i.ip ?? i.hostname,
  );
  const external = [...((svc.spec?.externalIPs ?? []) as string[]), ...ingress];
  if (type === 'ExternalName') return svc.spec?.externalName ?? '<none>';
  if (type === 'LoadBalancer') return external.length > 0 ? external.join(',') : '<pending>';
  return external.length > 0 ? external.join(',') : '<none>';
}

const selectorText = (selector: unknown) =>
  selector && typeof selector === 'object' && Object.keys(selector).length > 0
    ? Object.entries(selector as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : '<none>';

const containerNames = (o: KubeObject) =>
  ((o.spec?.template?.spec?.containers ?? []) as { name: string }[]).map((c) => c.name).join(',');
const containerImages = (o: KubeObject) =>
  ((o.spec?.template?.spec?.containers ?? []) as { image?: string }[]).map((c) => c.image).join(',');
const wide = { priority: 1 };

// The columns `kubectl get` shows per kind, as the API server's table convertors (pkg/printers/internalversion)
// and Istio's CRD additionalPrinterColumns define them.
const BY_KIND: Record<string, TableColumn[]> = {
  Pod: [
    NAME,
    col('Ready', podReady),
    col('Status', podStatus),
    col(
      'Restarts',
      (o) =>
        ((o.status?.containerStatuses ?? []) as ContainerStatus[]).reduce((n, cs) => n + (cs.restartCount ?? 0), 0),
      { type: 'string' },
    ),
    AGE,
    col('IP', (o) => o.status?.podIP ?? '<none>', wide),
    col('Node', (o) => o.spec?.nodeName ?? '<none>', wide),
  ],
  Deployment: [
    NAME,
    col('Ready', (o) => `${count(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`),
    col('Up-to-date', (o) => count(o.status?.updatedReplicas), { type: 'integer' }),
    col('Available', (o) => count(o.status?.availableReplicas), { type: 'integer' }),
    AGE,
    col('Containers', containerNames, wide),
    col('Images', containerImages, wide),
    col('Selector', (o) => selectorText(o.spec?.selector?.matchLabels), wide),
  ],
  ReplicaSet: [
    NAME,
    col('Desired', (o) => o.spec?.replicas ?? 1, { type: 'integer' }),
    col('Current', (o) => count(o.status?.replicas), { type: 'integer' }),
    col('Ready', (o) => count(o.status?.readyReplicas), { type: 'integer' }),
    AGE,
  ],
  StatefulSet: [NAME, col('Ready', (o) => `${count(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`), AGE],
  DaemonSet: [
    NAME,
    col('Desired', (o) => count(o.status?.desiredNumberScheduled), { type: 'integer' }),
    col('Current', (o) => count(o.status?.currentNumberScheduled), { type: 'integer' }),
    col('Ready', (o) => count(o.status?.numberReady), { type: 'integer' }),
    col('Up-to-date', (o) => count(o.status?.updatedNumberScheduled), { type: 'integer' }),
    col('Available', (o) => count(o.status?.numberAvailable), { type: 'integer' }),
    col('Node Selector', (o) => selectorText(o.spec?.template?.spec?.nodeSelector)),
    AGE,
  ],
  Service: [
    NAME,
    col('Type', (o) => o.spec?.type ?? 'ClusterIP'),
    col('Cluster-IP', (o) => o.spec?.clusterIP || '<none>'),
    col('External-IP', externalIp),
    col('Port(s)', servicePorts),
    AGE,
    col('Selector', (o) => selectorText(o.spec?.selector), wide),
  ],
  Namespace: [NAME, col('Status', (o) => o.status?.phase ?? 'Active'), AGE],
  Lease: [NAME, col('Holder', (o) => o.spec?.holderIdentity ?? ''), AGE],
  ConfigMap: [
    NAME,
    col(
      'Data',
      (o) =>
        Object.keys((o.data as object | undefined) ?? {}).length +
        Object.keys((o.binaryData as object | undefined) ?? {}).length,
      { type: 'integer' },
    ),
    AGE,
  ],
  Secret: [
    NAME,
    col('Type', (o) => (o.type as string | undefined) ?? 'Opaque'),
    col('Data', (o) => Object.keys((o.data as object | undefined) ?? {}).length, { type: 'integer' }),
    AGE,
  ],
  ServiceAccount: [
    NAME,
    col('Secrets', (o) => ((o.secrets as unknown[] | undefined) ?? []).length, { type: 'integer' }),
    AGE,
  ],
  Endpoints: [
    NAME,
    col('Endpoints', (o) => {
      const subsets = (o.subsets ?? []) as { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
      const pairs = subsets.flatMap((s) =>
        (s.addresses ?? []).flatMap((a) => (s.ports ?? []).map((p) => `${a.ip}:${p.port}`)),
      );
      return pairs.length > 0 ? pairs.join(',') : '<none>';
    }),
    AGE,
  ],
  PersistentVolumeClaim: [
    NAME,
    col('Status', (o) => o.status?.phase ?? 'Pending'),
    col('Volume', (o) => o.spec?.volumeName ?? ''),
    col('Capacity', (o) => o.status?.capacity?.storage ?? ''),
    col('Access Modes', (o) =>
      ((o.status?.accessModes ?? []) as string[])
        .map((m) => m.replace('ReadWriteOnce', 'RWO').replace('ReadOnlyMany', 'ROX').replace('ReadWriteMany', 'RWX'))
        .join(','),
    ),
    col('StorageClass', (o) => o.spec?.storageClassName ?? '<unset>'),
    AGE,
  ],
  Event: [
    col('Last Seen', (o, now) => {
      const last =
        (o.lastTimestamp as string | undefined) ?? (o.eventTime as string | undefined) ?? o.metadata.creationTimestamp;
      return last ? humanDuration(now - Date.parse(last)) : '<unknown>';
    }),
    col('Type', (o) => (o.type as string | undefined) ?? ''),
    col('Reason', (o) => (o.reason as string | undefined) ?? ''),
    col('Object', (o) => {
      const involved = o.involvedObject as { kind?: string; name?: string } | undefined;
      return `${(involved?.kind ?? '').toLowerCase()}/${involved?.name ?? ''}`;
    }),
    col('Message', (o) => (o.message as string | undefined) ?? ''),
  ],
  // RBAC, as pkg/printers/internalversion/printers.go prints it: roles by creation time, bindings by role.
  Role: [NAME, CREATED_AT],
  ClusterRole: [NAME, CREATED_AT],
  RoleBinding: BINDING_COLUMNS,
  ClusterRoleBinding: BINDING_COLUMNS,
  // Istio's CRDs: Name, their additionalPrinterColumns, then Age.
  VirtualService: [
    NAME,
    col('Gateways', (o) => jsonList(o.spec?.gateways)),
    col('Hosts', (o) => jsonList(o.spec?.hosts)),
    AGE,
  ],
  DestinationRule: [NAME, col('Host', (o) => o.spec?.host ?? ''), AGE],
  ServiceEntry: [
    NAME,
    col('Hosts', (o) => jsonList(o.spec?.hosts)),
    col('Location', (o) => o.spec?.location ?? ''),
    col('Resolution', (o) => o.spec?.resolution ?? ''),
    AGE,
  ],
  PeerAuthentication: [NAME, col('Mode', (o) => o.spec?.mtls?.mode ?? ''), AGE],
  AuthorizationPolicy: [NAME, col('Action', (o) => o.spec?.action ?? ''), AGE],
  WorkloadEntry: [NAME, AGE, col('Address', (o) => o.spec?.address ?? '')],
  HTTPRoute: [NAME, col('Hostnames', (o) => jsonList(o.spec?.hostnames)), AGE],
  GRPCRoute: [NAME, col('Hostnames', (o) => jsonList(o.spec?.hostnames)), AGE],
};

const K8S_GATEWAY: TableColumn[] = [
  NAME,
  col('Class', (o) => o.spec?.gatewayClassName ?? ''),
  col('Address', (o) =>
    joinOr(
      ((o.status?.addresses ?? []) as { value: string }[]).map((a) => a.value),
      '',
    ),
  ),
  col(
    'Programmed',
    (o) =>
      ((o.status?.conditions ?? []) as { type: string; status: string }[]).find((c) => c.type === 'Programmed')
        ?.status ?? 'Unknown',
  ),
  AGE,
];

export function tableColumnsFor(group: string, kind: string): TableColumn[] {
  if (group === 'gateway.networking.k8s.io' && kind === 'Gateway') return K8S_GATEWAY;
  return BY_KIND[kind] ?? [NAME, AGE];
}
