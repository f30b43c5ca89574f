// Istio Gateway: selector reaches gateway pods, conflicting servers, shared certificates, TLS secrets, Service ports.
import type { Rule, RuleContext } from '../context.js';
import { splitNsHost } from '../hosts.js';
import { sameObject } from '../entries.js';
import type { Workload } from '../index.js';
import type { Entry } from '../types.js';
import { arr, describe, fmtLabels, labelsOf, obj, refOf, spec, str, strs } from '../util.js';

const selectorOfGateway = (e: Entry) => labelsOf(obj(spec(e)['selector']));
/** Every label of `a` is in `b`: `b`'s pods are among `a`'s, so the two Gateways can land on the same proxies. */
const subsetOf = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).every((k) => b[k] === a[k]);

function gatewayPods(ctx: RuleContext, e: Entry): readonly Workload[] {
  const sel = labelsOf(obj(spec(e)['selector']));
  if (Object.keys(sel).length === 0) return [];
  return ctx.ix.selectWorkloads(undefined, sel);
}

function checkSelector(ctx: RuleContext, pods: readonly Workload[]) {
  const sel = labelsOf(obj(spec(ctx.entry)['selector']));
  if (Object.keys(sel).length === 0 || pods.length > 0) return;
  const gateways = gatewayLabelValues(ctx);
  // Offline, the gateway's Deployment is usually not among the files (Istio's installation owns it).
  if (!ctx.namespacesComplete && gateways.length === 0) {
    ctx.report({
      ruleId: 'gw.selector-no-workload',
      codes: ['KIA0302', 'IST0101'],
      severity: 'info',
      message: `No gateway workload is among the input files, so whether a proxy has the labels ${fmtLabels(sel)} cannot be checked offline (Istio's installation usually deploys the gateway, e.g. istio-ingressgateway in istio-system); run with --cluster or add the gateway's manifests.`,
      path: 'spec.selector',
    });
    return;
  }
  const hint =
    gateways.length > 0
      ? `The gateway workloads ${ctx.namespacesComplete ? 'in the cluster' : 'in the input'} carry ${gateways.map((v) => `istio=${v}`).join(', ')}; use one of these labels or fix the gateway's.`
      : `No gateway workload runs ${ctx.namespacesComplete ? 'in the cluster' : 'in the input'}: install one (Istio's default ingress gateway pods carry istio=ingressgateway) or fix the selector.`;
  ctx.report({
    ruleId: 'gw.selector-no-workload',
    codes: ['KIA0302', 'IST0101'],
    severity: 'warning',
    message: `The selector ${fmtLabels(sel)} matches no gateway pod in any namespace, so no proxy serves this Gateway. ${hint}`,
    path: 'spec.selector',
  });
}

/** Values of the `istio` label that Istio's gateway charts give their pods (ingressgateway, eastwestgateway, …). */
function gatewayLabelValues(ctx: RuleContext): string[] {
  const values = new Set<string>();
  for (const w of ctx.ix.workloadsIn(undefined)) {
    const v = w.labels['istio'];
    if (v && v.endsWith('gateway')) values.add(v);
  }
  return [...values].sort().slice(0, 5);
}

/**
 * IST0145 as istio/istio pkg/config/analysis/analyzers/gateway/conflictinggateway.go decides it: two Gateways on the
 * same proxies (equal selectors, or one selector's labels inside the other's and a pod matching both) with servers
 * on the same port naming the same host entry, exactly as written (`ns/host` included), with the same bind
 * (pilot/pkg/model/gateway.go CheckDuplicates). A wildcard and a host under it are distinct virtual hosts, not a
 * conflict.
 */
function checkConflicts(ctx: RuleContext) {
  const e = ctx.entry;
  const mine = selectorOfGateway(e);
  const servers = arr(spec(e)['servers']).map(obj);
  for (const o of ctx.ix.listAll('Gateway')) {
    const theirSelector = selectorOfGateway(o);
    if (sameObject(o, e) || !(subsetOf(mine, theirSelector) || subsetOf(theirSelector, mine))) continue;
    if (
      !sameLabels(mine, theirSelector) &&
      ctx.ix.selectWorkloads(undefined, { ...mine, ...theirSelector }).length === 0
    )
      continue;
    const theirs = arr(spec(o)['servers']).map(obj);
    servers.forEach((srv, i) => {
      const port = obj(srv['port'])['number'];
      if (typeof port !== 'number') return;
      const bind = str(srv['bind']) ?? '';
      strs(srv['hosts']).forEach((h, j) => {
        const clash = theirs.some(
          (t) => obj(t['port'])['number'] === port && (str(t['bind']) ?? '') === bind && strs(t['hosts']).includes(h),
        );
        if (clash)
          ctx.report({
            ruleId: 'gw.conflict',
            codes: ['KIA0301', 'IST0145'],
            severity: 'error',
            message: `${describe(o)} runs on the same gateway pods (its selector and this one's overlap) and also serves host "${splitNsHost(h).host}" on port ${String(port)}; the proxy cannot tell them apart and one is dropped. Merge the servers into one Gateway or use distinct hosts.`,
            path: `spec.servers[${i}].hosts[${j}]`,
            references: [refOf(o)],
          });
      });
    });
  }
}

const sameLabels = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && subsetOf(a, b);

const credentialOf = (srv: Record<string, unknown>) => {
  const tls = obj(srv['tls']);
  const name = str(tls['credentialName']);
  if (name) return name.replace(/^kubernetes:\/\//, '');
  const cert = str(tls['serverCertificate']);
  return cert ? `file:${cert}|${str(tls['privateKey']) ?? ''}` : undefined;
};

function checkCertificates(ctx: RuleContext, pods: readonly Workload[]) {
  const e = ctx.entry;
  const mine = selectorOfGateway(e);
  arr(spec(e)['servers']).forEach((s, i) => {
    const cred = credentialOf(obj(s));
    if (!cred) return;
    for (const o of ctx.ix.listAll('Gateway')) {
      // As istioctl: flagged when this Gateway's pods include the other's (its selector is a subset of the other's).
      if (sameObject(o, e) || !subsetOf(mine, selectorOfGateway(o))) continue;
      if (!arr(spec(o)['servers']).some((t) => credentialOf(obj(t)) === cred)) continue;
      ctx.report({
        ruleId: 'gw.duplicate-certificate',
        codes: ['IST0138'],
        severity: 'warning',
        message: `${describe(o)} uses the same certificate on the same gateway pods; browsers reuse one HTTP/2 connection for both and get 404s for the other Gateway's hosts. Use distinct certificates or merge the Gateways.`,
        path: `spec.servers[${i}].tls`,
        references: [refOf(o)],
      });
      break;
    }
    // Secrets are checked when the input has any (the live cache does not read Secrets).
    const credentialName = str(obj(obj(s)['tls'])['credentialName']);
    if (!credentialName || ctx.ix.listAll('Secret').length === 0) return;
    const name = credentialName.replace(/^kubernetes:\/\//, '');
    const namespaces = [...new Set(pods.length ? pods.map((p) => p.namespace) : [e.namespace])];
    for (const ns of namespaces) {
      const secret = ctx.ix.list('Secret', ns).find((x) => x.name === name);
      const path = `spec.servers[${i}].tls.credentialName`;
      if (!secret) {
        ctx.report({
          ruleId: 'gw.credential-not-found',
          codes: ['IST0101'],
          severity: 'error',
          message: `No Secret ${ns}/${name} exists; the gateway pods read TLS credentials from their own namespace (${ns}), so this server has no certificate. Create the Secret there.`,
          path,
        });
        continue;
      }
      const data = { ...obj(secret.object['data']), ...obj(secret.object['stringData']) };
      const hasPair = (data['tls.crt'] && data['tls.key']) || (data['cert'] && data['key']);
      if (!hasPair)
        ctx.report({
          ruleId: 'gw.invalid-credential',
          codes: ['IST0161'],
          severity: 'error',
          message: `Secret ${ns}/${name} holds no certificate and key (tls.crt and tls.key, or cert and key), so the gateway cannot serve TLS. Recreate it with kubectl create secret tls.`,
          path,
          references: [refOf(secret)],
        });
    }
  });
}

/** IST0162: a server port that no Service in front of the gateway pods targets is unreachable from outside. */
function checkServicePorts(ctx: RuleContext, pods: readonly Workload[]) {
  if (pods.length === 0) return;
  const targets = new Set<number>();
  let services = 0;
  for (const ns of new Set(pods.map((p) => p.namespace)))
    for (const svc of ctx.ix.list('Service', ns)) {
      const sel = labelsOf(obj(spec(svc)['selector']));
      if (Object.keys(sel).length === 0 || !pods.some((p) => Object.keys(sel).every((k) => p.labels[k] === sel[k])))
        continue;
      services++;
      // Istio accepts a Gateway port that is either the Service's port or its targetPort (bookinfo uses 8080, the
      // targetPort; most guides use 80, the port).
      for (const p of arr(spec(svc)['ports'])) {
        const po = obj(p);
        // Only TCP ports carry a Gateway's traffic (gateway/gateway.go IngressGatewayPortAnalyzer); TCP is the default.
        if ((str(po['protocol']) ?? 'TCP') !== 'TCP') continue;
        if (typeof po['port'] === 'number') targets.add(po['port']);
        if (typeof po['targetPort'] === 'number') targets.add(po['targetPort']);
      }
    }
  if (services === 0) return;
  arr(spec(ctx.entry)['servers']).forEach((s, i) => {
    const port = obj(obj(s)['port'])['number'];
    if (typeof port === 'number' && !targets.has(port))
      ctx.report({
        ruleId: 'gw.port-not-on-service',
        codes: ['IST0162'],
        severity: 'warning',
        message: `Port ${port} is neither a port nor a targetPort of any Service in front of the gateway pods (they offer ${[...targets].join(', ') || 'none'}), so traffic cannot reach this server. Use one of those ports or add it to the gateway Service.`,
        path: `spec.servers[${i}].port.number`,
      });
  });
}

export const gatewayRules: Rule[] = [
  {
    kinds: ['Gateway'],
    check(ctx) {
      const pods = gatewayPods(ctx, ctx.entry);
      checkSelector(ctx, pods);
      checkConflicts(ctx);
      checkCertificates(ctx, pods);
      checkServicePorts(ctx, pods);
    },
  },
];
