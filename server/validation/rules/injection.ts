// Sidecar injection as Istio decides it, for `image: auto` and injection templates:
// - istio/istio pkg/config/analysis/analyzers/injection/image-auto.go: a Pod whose istio-proxy container still has
//   `image: auto` was not injected and cannot start (IST0147, always); a Deployment whose istio-proxy container has
//   `image: auto` but whose pods match no Istio injection webhook (name ending in istio.io; namespaceSelector on the
//   namespace's labels, objectSelector on the pod template's labels) is never injected (IST0146).
// - the webhooks are the input's MutatingWebhookConfigurations when it holds any, else the ones Istio's chart installs
//   for the default revision (manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml).
// - pkg/kube/inject/inject.go selectTemplates/RunTemplate: `inject.istio.io/templates` names templates the injector
//   must have, or the pod is refused (the webhook fails closed).
import type { RuleContext } from '../context.js';
import type { Workload } from '../index.js';
import { arr, obj, str } from '../util.js';
import { namespaceLabels } from './common.js';
import { exprsMatch, exprsOf, type Expr } from './label-selector.js';

interface Webhook {
  namespaceSelector: Expr[];
  objectSelector: Expr[];
}

const INJECT_LABEL = 'sidecar.istio.io/inject';
const REVISION_LABEL = 'istio.io/rev';
const NAMESPACE_INJECTION_LABEL = 'istio-injection';

/** The chart's four selectors for revision `r` ("default" for the default install). */
function chartWebhooks(r: string): Webhook[] {
  const notDisabled: Expr = { key: INJECT_LABEL, operator: 'NotIn', values: ['false'] };
  const hooks: Webhook[] = [
    {
      namespaceSelector: [
        { key: REVISION_LABEL, operator: 'In', values: [r] },
        { key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' },
      ],
      objectSelector: [notDisabled],
    },
    {
      namespaceSelector: [
        { key: REVISION_LABEL, operator: 'DoesNotExist' },
        { key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' },
      ],
      objectSelector: [notDisabled, { key: REVISION_LABEL, operator: 'In', values: [r] }],
    },
  ];
  if (r === 'default')
    hooks.push(
      {
        namespaceSelector: [{ key: NAMESPACE_INJECTION_LABEL, operator: 'In', values: ['enabled'] }],
        objectSelector: [notDisabled],
      },
      {
        namespaceSelector: [
          { key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' },
          { key: REVISION_LABEL, operator: 'DoesNotExist' },
        ],
        objectSelector: [
          { key: INJECT_LABEL, operator: 'In', values: ['true'] },
          { key: REVISION_LABEL, operator: 'DoesNotExist' },
        ],
      },
    );
  return hooks;
}

/** Istio's injection webhooks in the input (MutatingWebhookConfiguration webhooks whose name ends in istio.io). */
function inputWebhooks(ctx: RuleContext): Webhook[] | undefined {
  const configs = ctx.ix.listAll('MutatingWebhookConfiguration');
  if (configs.length === 0) return undefined;
  return configs.flatMap((c) =>
    arr(c.object['webhooks'])
      .map(obj)
      .filter((w) => (str(w['name']) ?? '').endsWith('istio.io'))
      .map((w) => ({
        namespaceSelector: exprsOf(w['namespaceSelector']),
        objectSelector: exprsOf(w['objectSelector']),
      })),
  );
}

export interface Injection {
  injected: 'yes' | 'no' | 'unknown';
  /** Why it is not known, and how to know, when unknown: a clause for a message. */
  missing?: string;
}

/** Would Istio's webhooks inject pods with these labels in this namespace? */
export function webhookInjects(ctx: RuleContext, w: Workload): Injection {
  const nsObject = namespaceLabels(ctx, w.namespace);
  const nsLabels = { 'kubernetes.io/metadata.name': w.namespace, ...(nsObject ?? {}) };
  const any = (hooks: Webhook[], ns: Record<string, string>) =>
    hooks.some((h) => exprsMatch(h.namespaceSelector, ns) && exprsMatch(h.objectSelector, w.labels));
  const fromInput = inputWebhooks(ctx);
  if (fromInput) return { injected: any(fromInput, nsLabels) ? 'yes' : 'no' };
  const installed = chartWebhooks('default');
  if (any(installed, nsLabels)) return { injected: 'yes' };
  // A revision other than the default one injects only if that revision is installed.
  const revisions = [nsObject?.[REVISION_LABEL], w.labels[REVISION_LABEL]].filter(
    (r): r is string => !!r && r !== 'default',
  );
  if (revisions.some((r) => any(chartWebhooks(r), nsLabels)))
    return {
      injected: 'unknown',
      missing: ctx.offline
        ? `revision ${revisions.join('/')} of Istio would inject them, and its injection webhook (a MutatingWebhookConfiguration) is not among the inputs (add it to the files to check)`
        : `revision ${revisions.join('/')} of Istio would inject them, and Sextant does not read the cluster's injection webhooks (MutatingWebhookConfigurations), so whether that revision is installed is not known`,
    };
  if (!nsObject && !ctx.namespacesComplete && any(installed, { ...nsLabels, [NAMESPACE_INJECTION_LABEL]: 'enabled' }))
    return {
      injected: 'unknown',
      missing: `the labels of namespace ${w.namespace} decide it, and its Namespace object is not among the inputs (add it to the files, or run with --cluster)`,
    };
  return { injected: 'no' };
}

/** Templates every Istio install's injector has (the chart's istio-sidecar-injector ConfigMap). */
const BUILTIN_TEMPLATES = [
  'sidecar',
  'gateway',
  'grpc-simple',
  'grpc-agent',
  'waypoint',
  'kube-gateway',
  'agentgateway',
];

/** Template names (and aliases) of the injector config, when the input holds ConfigMap istio-sidecar-injector. */
function injectorTemplates(ctx: RuleContext): string[] | undefined {
  const cm = ctx.ix.list('ConfigMap', ctx.mesh.rootNamespace).find((c) => c.name.startsWith('istio-sidecar-injector'));
  if (!cm) return undefined;
  const config = str(obj(cm.object['data'])['config']);
  if (!config) return undefined;
  // Top-level keys `templates:` and `aliases:` hold the names, each indented one level below.
  const names = new Set(BUILTIN_TEMPLATES);
  let section: string | undefined;
  for (const line of config.split('\n')) {
    const top = /^(\w+):/.exec(line);
    if (top) section = top[1];
    const child = /^ {2}([\w.-]+):/.exec(line);
    if (child && (section === 'templates' || section === 'aliases')) names.add(child[1]!);
  }
  return [...names];
}

/** `image: auto` (IST0146/IST0147) and `inject.istio.io/templates` names, for a workload. */
export function checkInjection(ctx: RuleContext, w: Workload) {
  const e = w.entry;
  const base = e.kind === 'Pod' ? 'spec' : 'spec.template.spec';
  const auto = arr(w.podSpec['containers']).findIndex((c) => {
    const co = obj(c);
    return co['name'] === 'istio-proxy' && co['image'] === 'auto';
  });
  if (auto >= 0 && e.kind === 'Pod')
    ctx.report({
      ruleId: 'pod.image-auto-not-injected',
      codes: ['IST0147'],
      severity: 'error',
      message: `Pod ${e.name}'s istio-proxy container still has image "auto": only sidecar injection replaces it, and injection did not happen for this pod, so the container cannot start. Label the pod or its namespace for injection (sidecar.istio.io/inject=true, istio-injection=enabled) and recreate it.`,
      path: `spec.containers[${auto}].image`,
    });
  else if (auto >= 0) {
    const injection = webhookInjects(ctx, w);
    if (injection.injected !== 'yes')
      ctx.report({
        ruleId: 'workload.image-auto-without-injection',
        codes: ['IST0146'],
        severity: injection.injected === 'no' ? 'warning' : 'info',
        message:
          injection.injected === 'no'
            ? `The istio-proxy container has image "auto", which only sidecar injection fills in, but this ${e.kind}'s pods match no Istio injection webhook (the namespace needs istio-injection=enabled or istio.io/rev, or the pod template the label sidecar.istio.io/inject="true" where the namespace has neither; istio-injection=disabled turns both off), so its pods cannot start. Label it for injection or set a real image.`
            : `The istio-proxy container has image "auto", which only sidecar injection fills in, so its pods cannot start unless injected; whether injection applies to them cannot be told: ${injection.missing ?? 'the webhooks that decide it are not known'}.`,
        path: `${base}.containers[${auto}].image`,
      });
  }
  const templates = w.podAnnotations['inject.istio.io/templates'];
  if (templates === undefined || webhookInjects(ctx, w).injected === 'no') return;
  const known = injectorTemplates(ctx);
  const unknown = templates
    .split(',')
    .map((t) => t.trim())
    .filter((t) => !(known ?? BUILTIN_TEMPLATES).includes(t));
  if (unknown.length === 0) return;
  ctx.report({
    ruleId: 'workload.unknown-injection-template',
    severity: known ? 'error' : 'info',
    message: known
      ? `inject.istio.io/templates names ${unknown.map((t) => `"${t}"`).join(', ')}, which the injector config (ConfigMap istio-sidecar-injector) does not define, so injection fails and Kubernetes refuses the pods. Use one of ${known.join(', ')}.`
      : `inject.istio.io/templates names ${unknown.map((t) => `"${t}"`).join(', ')}, which is not one of Istio's built-in injection templates (${BUILTIN_TEMPLATES.join(', ')}); whether the injector defines it cannot be told without its config (ConfigMap istio-sidecar-injector). If it does not, injection fails and the pods are refused.`,
    path: e.kind === 'Pod' ? 'metadata.annotations' : 'spec.template.metadata.annotations',
  });
}
