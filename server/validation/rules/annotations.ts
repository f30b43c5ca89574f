// Istio annotations: unknown (IST0108), on a kind they don't apply to (IST0107), malformed (IST0125), deprecated
// (IST0135), alpha (IST0136). Pod annotations are read on pods and on controllers' pod templates.
import type { Rule, RuleContext } from '../context.js';
import { labelsOf, obj, spec } from '../util.js';
import { ownedByController } from './common.js';

type ValueType = 'bool' | 'int' | 'ports' | 'cidrs' | 'string';
interface Known {
  on: 'Pod' | 'Service' | 'ServiceEntry' | 'AuthorizationPolicy' | 'Ingress' | 'any';
  type?: ValueType;
  deprecated?: string;
  alpha?: boolean;
}

const POD = (type: ValueType = 'string', more: Partial<Known> = {}): Known => ({ on: 'Pod', type, ...more });

// From Istio's annotation catalogue (istio/api annotation/annotations.yaml), the prefixes this rule judges.
const KNOWN: Record<string, Known> = {
  'sidecar.istio.io/inject': POD('bool', { deprecated: 'use the sidecar.istio.io/inject label instead' }),
  'sidecar.istio.io/status': POD(),
  'sidecar.istio.io/proxyImage': POD(),
  'sidecar.istio.io/proxyImageType': POD(),
  'sidecar.istio.io/proxyCPU': POD(),
  'sidecar.istio.io/proxyCPULimit': POD(),
  'sidecar.istio.io/proxyMemory': POD(),
  'sidecar.istio.io/proxyMemoryLimit': POD(),
  'sidecar.istio.io/logLevel': POD(),
  'sidecar.istio.io/componentLogLevel': POD(),
  'sidecar.istio.io/agentLogLevel': POD(),
  'sidecar.istio.io/bootstrapOverride': POD(),
  'sidecar.istio.io/discoveryAddress': POD(),
  'sidecar.istio.io/enableCoreDump': POD('bool'),
  'sidecar.istio.io/interceptionMode': POD(),
  'sidecar.istio.io/rewriteAppHTTPProbers': POD('bool'),
  'sidecar.istio.io/statsInclusionPrefixes': POD('string', {
    deprecated: 'use proxy.istio.io/config proxyStatsMatcher instead',
  }),
  'sidecar.istio.io/statsInclusionSuffixes': POD('string', {
    deprecated: 'use proxy.istio.io/config proxyStatsMatcher instead',
  }),
  'sidecar.istio.io/statsInclusionRegexps': POD('string', {
    deprecated: 'use proxy.istio.io/config proxyStatsMatcher instead',
  }),
  'sidecar.istio.io/statsHistogramBuckets': POD(),
  'sidecar.istio.io/statsCompression': POD(),
  'sidecar.istio.io/statsFlushInterval': POD(),
  'sidecar.istio.io/extraStatTags': POD(),
  'sidecar.istio.io/userVolume': POD(),
  'sidecar.istio.io/userVolumeMount': POD(),
  'sidecar.istio.io/controlPlaneAuthPolicy': POD(),
  'sidecar.istio.io/nativeSidecar': POD('bool'),
  'sidecar.istio.io/dnsCapture': POD('bool'),
  'inject.istio.io/templates': POD(),
  'proxy.istio.io/config': POD(),
  'proxy.istio.io/overrides': POD('string', { alpha: true }),
  'traffic.sidecar.istio.io/includeOutboundIPRanges': POD('cidrs'),
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': POD('cidrs'),
  'traffic.sidecar.istio.io/includeInboundPorts': POD('ports'),
  'traffic.sidecar.istio.io/excludeInboundPorts': POD('ports'),
  'traffic.sidecar.istio.io/includeOutboundPorts': POD('ports'),
  'traffic.sidecar.istio.io/excludeOutboundPorts': POD('ports'),
  'traffic.sidecar.istio.io/excludeInterfaces': POD(),
  'traffic.sidecar.istio.io/kubevirtInterfaces': POD(),
  'status.sidecar.istio.io/port': POD('int'),
  'readiness.status.sidecar.istio.io/initialDelaySeconds': POD('int'),
  'readiness.status.sidecar.istio.io/periodSeconds': POD('int'),
  'readiness.status.sidecar.istio.io/failureThreshold': POD('int'),
  'readiness.status.sidecar.istio.io/applicationPorts': POD('ports'),
  'prometheus.istio.io/merge-metrics': POD('bool'),
  'networking.istio.io/exportTo': { on: 'Service' },
  'networking.istio.io/traffic-distribution': { on: 'Service' },
  'networking.istio.io/enable-autoallocate-ip': { on: 'ServiceEntry', type: 'bool' },
  'networking.istio.io/address-type': { on: 'any' },
  'networking.istio.io/service-type': { on: 'any' },
  'networking.istio.io/vip': { on: 'any' },
  // Istio documents this Kubernetes annotation: it selects Istio as the Ingress controller, on Ingress objects only.
  'kubernetes.io/ingress.class': { on: 'Ingress' },
};

const JUDGED_PREFIXES = [
  'sidecar.istio.io/',
  'traffic.sidecar.istio.io/',
  'proxy.istio.io/',
  'status.sidecar.istio.io/',
  'readiness.status.sidecar.istio.io/',
  'networking.istio.io/',
];

function valid(type: ValueType | undefined, v: string): boolean {
  switch (type) {
    case 'bool':
      return v === 'true' || v === 'false';
    case 'int':
      return /^\d+$/.test(v);
    case 'ports':
      return v === '*' || v === '' || v.split(',').every((p) => /^\s*\d+\s*$/.test(p));
    case 'cidrs':
      return v === '*' || v === '' || v.split(',').every((c) => /^\s*[0-9a-fA-F:.]+\/\d+\s*$/.test(c));
    default:
      return true;
  }
}

function checkAnnotations(
  ctx: RuleContext,
  raw: unknown,
  isPodLevel: boolean,
  base: string,
  labels: Record<string, string> = {},
) {
  if (!raw || typeof raw !== 'object') return; // most objects carry none
  const ann = labelsOf(raw);
  const kind = ctx.entry.kind;
  for (const [key, value] of Object.entries(ann)) {
    const path = `${base}.annotations`;
    const known = KNOWN[key];
    if (!known) {
      if (JUDGED_PREFIXES.some((p) => key.startsWith(p)))
        ctx.report({
          ruleId: 'annotation.unknown',
          codes: ['IST0108'],
          severity: 'warning',
          message: `Istio does not know the annotation "${key}"; it has no effect. Check the spelling against Istio's annotation reference.`,
          path,
        });
      continue;
    }
    const applies = known.on === 'any' || (known.on === 'Pod' ? isPodLevel : known.on === kind);
    if (!applies) {
      ctx.report({
        ruleId: 'annotation.misplaced',
        codes: ['IST0107'],
        severity: 'warning',
        message:
          known.on === 'Pod'
            ? `"${key}" is read from pods only; on the ${kind}'s own metadata it does nothing. Move it to spec.template.metadata.annotations.`
            : `"${key}" applies to ${known.on} objects, not to ${kind}; it does nothing here.`,
        path,
      });
    } else if (!valid(known.type, value))
      ctx.report({
        ruleId: 'annotation.invalid-value',
        codes: ['IST0125'],
        severity: 'warning',
        message: `Annotation "${key}" has value "${value}", which is not ${known.type === 'bool' ? '"true" or "false"' : known.type === 'int' ? 'a whole number' : known.type === 'ports' ? 'a comma-separated list of ports or *' : 'a comma-separated list of CIDRs or *'}; Istio ignores it.`,
        path,
      });
    // As istioctl: the deprecated inject annotation beside its replacement label (Istio's own charts put both on istiod
    // and the gateways, for older injectors) is kept on purpose, so it is not reported
    // (istio/istio pkg/config/analysis/analyzers/annotations/annotations.go, "Skip to avoid noise").
    if (known.deprecated && !(key === 'sidecar.istio.io/inject' && labels[key] !== undefined))
      ctx.report({
        ruleId: 'annotation.deprecated',
        codes: ['IST0135'],
        severity: 'info',
        message: `Annotation "${key}" is deprecated and may stop working in a future Istio release: ${known.deprecated}.`,
        path,
      });
    if (known.alpha)
      ctx.report({
        ruleId: 'annotation.alpha',
        codes: ['IST0136'],
        severity: 'info',
        message: `Annotation "${key}" belongs to an alpha feature and may change between Istio releases.`,
        path,
      });
  }
}

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export const annotationRules: Rule[] = [
  {
    kinds: ['*'],
    check(ctx) {
      const e = ctx.entry;
      // A controller's pods repeat its template's annotations: the controller is reported, not each pod.
      if (e.kind === 'Pod' && ownedByController(e)) return;
      checkAnnotations(ctx, e.object.metadata?.annotations, e.kind === 'Pod', 'metadata', e.object.metadata?.labels);
      if (CONTROLLERS.has(e.kind) && !(e.kind === 'ReplicaSet' && e.object.metadata?.['ownerReferences'])) {
        const template = obj(obj(spec(e)['template'])['metadata']);
        checkAnnotations(
          ctx,
          labelsOf(template['annotations']),
          true,
          'spec.template.metadata',
          labelsOf(template['labels']),
        );
      }
    },
  },
];
