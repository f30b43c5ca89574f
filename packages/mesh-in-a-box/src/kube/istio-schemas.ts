import { z } from 'zod';

// The main spec fields of the Istio kinds, typed as Istio's CRD schemas type them, so that a manifest with a wrong
// type or value is refused with the field named. Objects stay loose: fields not listed here pass through, as the
// mesh in a box is not the place to re-implement every Istio field.

const str = () => z.string({ error: 'must be a string' });
const int = () => z.int({ error: 'must be an integer' });
const strings = () => z.array(str(), { error: 'must be a list of strings' });
const stringMap = () => z.record(z.string(), str(), { error: 'must be a map of strings' });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be a list' });
const obj = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, { error: 'must be an object' });
const port = () =>
  int().min(0, { error: 'must be between 0 and 65535' }).max(65535, { error: 'must be between 0 and 65535' });

const destination = obj({
  host: str(),
  subset: str().optional(),
  port: obj({ number: port().optional() }).optional(),
});
const routeDestination = obj({
  destination,
  weight: int()
    .min(0, { error: 'must be between 0 and 100' })
    .max(100, { error: 'must be between 0 and 100' })
    .optional(),
});
const workloadSelector = obj({ matchLabels: stringMap().optional() });
// Istio's standard metrics as a Telemetry override names them (telemetry.proto MetricSelector.IstioMetric).
const TELEMETRY_METRICS = [
  'ALL_METRICS',
  'REQUEST_COUNT',
  'REQUEST_DURATION',
  'REQUEST_SIZE',
  'RESPONSE_SIZE',
  'TCP_OPENED_CONNECTIONS',
  'TCP_CLOSED_CONNECTIONS',
  'TCP_SENT_BYTES',
  'TCP_RECEIVED_BYTES',
  'GRPC_REQUEST_MESSAGES',
  'GRPC_RESPONSE_MESSAGES',
] as const;

export const ISTIO_SPECS: Record<string, z.ZodType> = {
  VirtualService: obj({
    hosts: strings().optional(),
    gateways: strings().optional(),
    exportTo: strings().optional(),
    http: list(
      obj({
        name: str().optional(),
        match: list(obj({})).optional(),
        route: list(routeDestination).optional(),
        timeout: str().optional(),
        mirror: destination.optional(),
      }),
    ).optional(),
    tcp: list(obj({ route: list(routeDestination).optional() })).optional(),
    tls: list(obj({ route: list(routeDestination).optional() })).optional(),
  }),
  DestinationRule: obj({
    host: str(),
    subsets: list(obj({ name: str(), labels: stringMap().optional(), trafficPolicy: obj({}).optional() })).optional(),
    trafficPolicy: obj({}).optional(),
    exportTo: strings().optional(),
  }),
  Gateway: obj({
    selector: stringMap().optional(),
    servers: list(
      obj({
        port: obj({ number: int().min(0).max(4294967295), protocol: str(), name: str().optional() }),
        hosts: strings(),
        bind: str().optional(),
      }),
    ).optional(),
  }),
  ServiceEntry: obj({
    hosts: strings(),
    addresses: strings().optional(),
    ports: list(
      obj({ number: port(), protocol: str().optional(), name: str().optional(), targetPort: port().optional() }),
    ).optional(),
    location: z.enum(['MESH_EXTERNAL', 'MESH_INTERNAL']).optional(),
    resolution: z.enum(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']).optional(),
    endpoints: list(obj({ address: str().optional(), ports: z.record(z.string(), port()).optional() })).optional(),
    exportTo: strings().optional(),
  }),
  PeerAuthentication: obj({
    selector: workloadSelector.optional(),
    mtls: obj({ mode: z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']).optional() }).optional(),
    portLevelMtls: z
      .record(z.string(), obj({ mode: z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']).optional() }))
      .optional(),
  }),
  AuthorizationPolicy: obj({
    selector: workloadSelector.optional(),
    action: z.enum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']).optional(),
    rules: list(
      obj({ from: list(obj({})).optional(), to: list(obj({})).optional(), when: list(obj({})).optional() }),
    ).optional(),
  }),
  RequestAuthentication: obj({
    selector: workloadSelector.optional(),
    jwtRules: list(obj({ issuer: str(), jwksUri: str().optional(), audiences: strings().optional() })).optional(),
  }),
  Sidecar: obj({ workloadSelector: workloadSelector.optional(), egress: list(obj({ hosts: strings() })).optional() }),
  WorkloadEntry: obj({
    address: str().optional(),
    labels: stringMap().optional(),
    ports: z.record(z.string(), port()).optional(),
  }),
  EnvoyFilter: obj({ configPatches: list(obj({})).optional() }),
  Telemetry: obj({
    selector: workloadSelector.optional(),
    metrics: list(
      obj({
        providers: list(obj({ name: str() })).optional(),
        overrides: list(
          obj({
            match: obj({
              metric: z.enum(TELEMETRY_METRICS, { error: `must be one of ${TELEMETRY_METRICS.join(', ')}` }).optional(),
              customMetric: str().optional(),
              mode: z
                .enum(['CLIENT_AND_SERVER', 'CLIENT', 'SERVER'], {
                  error: 'must be one of CLIENT_AND_SERVER, CLIENT, SERVER',
                })
                .optional(),
            }).optional(),
            disabled: z.boolean({ error: 'must be a boolean' }).optional(),
            tagOverrides: z
              .record(
                z.string(),
                obj({
                  operation: z.enum(['UPSERT', 'REMOVE'], { error: 'must be UPSERT or REMOVE' }).optional(),
                  value: str().optional(),
                }),
              )
              .optional(),
          }),
        ).optional(),
      }),
    ).optional(),
    accessLogging: list(obj({})).optional(),
    tracing: list(obj({})).optional(),
  }),
};

const container = obj({ name: str(), image: str().optional(), ports: list(obj({ containerPort: port() })).optional() });
const podSpec = obj({ containers: list(container), initContainers: list(container).optional() });
const workloadSpec = obj({
  replicas: int().min(0, { error: 'must be greater than or equal to 0' }).optional(),
  selector: obj({ matchLabels: stringMap().optional() }),
  template: obj({ spec: podSpec }),
});

/** Built-in kinds: the fields a controller of the mesh in a box relies on. */
export const BUILT_IN_SPECS: Record<string, z.ZodType> = {
  Pod: podSpec,
  Deployment: workloadSpec,
  ReplicaSet: workloadSpec,
  StatefulSet: workloadSpec,
  DaemonSet: workloadSpec.omit({ replicas: true }),
  Service: obj({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
    ports: list(
      obj({ port: port(), name: str().optional(), protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional() }),
    ).optional(),
    selector: stringMap().optional(),
  }),
  // ValidateLeaseSpec's ranges; the MicroTimes are the decoder's (lease-rules.ts).
  Lease: obj({
    holderIdentity: str().optional(),
    leaseDurationSeconds: int().min(1, { error: 'must be greater than 0' }).optional(),
    acquireTime: str().optional(),
    renewTime: str().optional(),
    leaseTransitions: int().min(0, { error: 'must be greater than or equal to 0' }).optional(),
  }),
};
