// The AuthorizationPolicy a person pastes to simulate: YAML text (from a file) or a JSON object (kubectl -o json),
// checked the way the API server would refuse it, each refusal naming the field and what to do. The shape follows
// Istio's AuthorizationPolicy reference (security.istio.io v1 / v1beta1); unknown fields are refused, as the API
// server's strict field validation refuses them, because a misspelt `principal` would silently match everyone.
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { KubeObject } from '../sources/kubernetes.js';

const strings = z.array(z.string(), { error: 'a list of strings' });

const source = z.strictObject({
  principals: strings.optional(),
  notPrincipals: strings.optional(),
  requestPrincipals: strings.optional(),
  notRequestPrincipals: strings.optional(),
  namespaces: strings.optional(),
  notNamespaces: strings.optional(),
  ipBlocks: strings.optional(),
  notIpBlocks: strings.optional(),
  remoteIpBlocks: strings.optional(),
  notRemoteIpBlocks: strings.optional(),
});

const operation = z.strictObject({
  hosts: strings.optional(),
  notHosts: strings.optional(),
  ports: strings.optional(),
  notPorts: strings.optional(),
  methods: strings.optional(),
  notMethods: strings.optional(),
  paths: strings.optional(),
  notPaths: strings.optional(),
});

const rule = z.strictObject({
  from: z.array(z.strictObject({ source })).optional(),
  to: z.array(z.strictObject({ operation })).optional(),
  when: z
    .array(
      z.strictObject({
        key: z.string({ error: 'a key such as request.auth.claims[group]' }),
        values: strings.optional(),
        notValues: strings.optional(),
      }),
    )
    .optional(),
});

const targetRef = z.object({
  group: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

const spec = z
  .strictObject({
    selector: z
      .strictObject({ matchLabels: z.record(z.string(), z.string(), { error: 'labels: a map of strings' }) })
      .optional(),
    targetRef: targetRef.optional(),
    targetRefs: z.array(targetRef).optional(),
    action: z.enum(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'], { error: 'one of ALLOW, DENY, AUDIT or CUSTOM' }).optional(),
    provider: z.object({ name: z.string() }).optional(),
    rules: z.array(rule).optional(),
  })
  .refine((s) => (s.action === 'CUSTOM') === (s.provider !== undefined), {
    message: 'a CUSTOM policy names its external authorizer in provider.name, and only a CUSTOM policy has a provider',
    path: ['provider'],
  });

const policy = z.object({
  apiVersion: z
    .string({ error: 'security.istio.io/v1 (or v1beta1)' })
    .regex(/^security\.istio\.io\/v1(beta1|alpha1)?$/, 'security.istio.io/v1 (or v1beta1)'),
  kind: z.literal('AuthorizationPolicy', {
    error:
      'paste an AuthorizationPolicy: only AuthorizationPolicies are simulated (PeerAuthentication and RequestAuthentication are not)',
  }),
  // `metadata:` left empty reads as null in YAML: asked for its name, as for a missing one.
  metadata: z.preprocess(
    (v) => v ?? {},
    z.object({
      name: z.string({ error: 'give the policy a name' }).min(1, 'give the policy a name'),
      namespace: z.string().optional(),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
  ),
  spec: spec.optional(),
});

function fromText(text: string): unknown {
  const docs = parseAllDocuments(text).filter((d) => d.contents !== null);
  if (docs.length === 0) throw new InputError('policy: the text holds no YAML document; paste an AuthorizationPolicy');
  if (docs.length > 1)
    throw new InputError(`policy: the text holds ${docs.length} YAML documents; paste one AuthorizationPolicy`);
  const doc = docs[0]!;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new InputError(
      `policy: the YAML does not parse${line ? ` (line ${line})` : ''}: ${e.message.split('\n')[0]}`,
    );
  }
  return doc.toJS();
}

/**
 * The pasted policy as the object `kubectl apply -n <namespace>` would create. Throws InputError (400) naming the
 * field: `policy.spec.rules[0].from[0].source.principal: unrecognized key …`.
 */
export function parseDraftPolicy(raw: string | Record<string, unknown>, namespace: string): KubeObject {
  const value = typeof raw === 'string' ? fromText(raw) : raw;
  const checked = policy.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new InputError(`policy${path}: ${issue.message}`);
  }
  const p = checked.data;
  if (p.metadata.namespace !== undefined && p.metadata.namespace !== namespace)
    throw new InputError(
      `policy.metadata.namespace: "${p.metadata.namespace}" is not ${namespace}, the namespace of this simulation; remove it or simulate in /api/namespaces/${p.metadata.namespace}/authorization/simulate`,
    );
  return {
    apiVersion: p.apiVersion,
    kind: 'AuthorizationPolicy',
    metadata: { name: p.metadata.name, namespace, annotations: p.metadata.annotations ?? {} },
    spec: (p.spec ?? {}) as Record<string, unknown>,
  };
}
