// Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute) as istiod attaches them, per listener
// (istio/istio pilot/pkg/config/kube/gateway/conversion.go referenceAllowed, buildHostnameMatch,
// namespacesFromSelector; gatewaycommon/conversion.go GenerateGatewaySupportedKinds):
// - a parentRef's port and sectionName, when set, pick the listeners;
// - a listener admits the route when one of the route's hostnames (none = `*`) overlaps the listener's hostname
//   (none = `*`) and the route's namespace is allowed (allowedRoutes.namespaces: Same by default, All, or a label
//   Selector with matchLabels and matchExpressions);
// - and when the route's kind is among the listener's kinds (HTTP/HTTPS: HTTPRoute, GRPCRoute; TLS: TLSRoute, and
//   TCPRoute when terminating; TCP: TCPRoute; narrowed by allowedRoutes.kinds).
// Backends (buildDestination): a Service by name (not a hostname) in the route's namespace or another one granted by
// a ReferenceGrant there, or a ServiceEntry host (group networking.istio.io, kind Hostname, no namespace); every
// backendRef needs a port.
import type { RuleContext } from '../context.js';
import { routeHostnameAttaches } from '../hosts.js';
import type { Entry } from '../types.js';
import { arr, obj, refOf, spec, str, strs, type Obj } from '../util.js';
import {
  gatewaysUnknown,
  hostSeverity,
  missingSeverity,
  namespaceLabels,
  notAmongInputs,
  notFoundTail,
} from './common.js';
import { selectorMatchesLabels } from './label-selector.js';

const GW_GROUP = 'gateway.networking.k8s.io';
const ISTIO_NET = 'networking.istio.io';

function listenerKinds(l: Obj): { group: string; kind: string }[] {
  const protocol = str(l['protocol']);
  const tlsMode = str(obj(l['tls'])['mode']) ?? 'Terminate';
  const k = (kind: string) => ({ group: GW_GROUP, kind });
  let supported: { group: string; kind: string }[] = [];
  if (protocol === 'HTTP' || protocol === 'HTTPS') supported = [k('HTTPRoute'), k('GRPCRoute')];
  else if (protocol === 'TCP') supported = [k('TCPRoute')];
  else if (protocol === 'TLS') supported = tlsMode === 'Terminate' ? [k('TLSRoute'), k('TCPRoute')] : [k('TLSRoute')];
  const allowed = arr(obj(l['allowedRoutes'])['kinds']).map(obj);
  if (allowed.length === 0) return supported;
  return supported.filter((s) =>
    allowed.some((a) => a['kind'] === s.kind && (str(a['group']) ?? GW_GROUP) === s.group),
  );
}

/** Does the listener admit routes from `ns`? undefined when the namespace's labels are not known. */
function namespaceAllowed(ctx: RuleContext, gw: Entry, l: Obj, ns: string): boolean | undefined {
  const nsSpec = obj(obj(l['allowedRoutes'])['namespaces']);
  const from = str(nsSpec['from']) ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return gw.namespace === ns;
  if (nsSpec['selector'] === undefined) return true; // istiod treats a Selector without selector as All
  const known = namespaceLabels(ctx, ns);
  if (!known) return ctx.namespacesComplete ? false : undefined;
  // Kubernetes labels every namespace with its own name.
  return selectorMatchesLabels(nsSpec['selector'], { 'kubernetes.io/metadata.name': ns, ...known });
}

type Outcome = 'ok' | 'no-listener' | 'no-hostname' | 'namespace' | 'kind';

function attach(ctx: RuleContext, gw: Entry, ref: Obj): { outcome: Outcome; hostnames: string[] } {
  const e = ctx.entry;
  const port = ref['port'];
  const section = str(ref['sectionName']);
  const routeHosts = strs(spec(e)['hostnames']);
  const hosts = routeHosts.length ? routeHosts : ['*'];
  const seen = new Set<Outcome>();
  const listenerHosts: string[] = [];
  for (const l of arr(spec(gw)['listeners']).map(obj)) {
    if (typeof port === 'number' && port !== l['port']) continue;
    if (section && section !== l['name']) continue;
    const lh = str(l['hostname']) ?? '*';
    listenerHosts.push(lh);
    const hostMatch = hosts.some((h) => routeHostnameAttaches(h, lh));
    const nsOk = namespaceAllowed(ctx, gw, l, e.namespace);
    if (!hostMatch) {
      seen.add('no-hostname');
      continue;
    }
    if (nsOk === false) {
      seen.add('namespace');
      continue;
    }
    // Waypoints and east-west gateways (HBONE listeners) take routes by other rules (Service parentRefs): no finding.
    if (str(l['protocol']) === 'HBONE') return { outcome: 'ok', hostnames: listenerHosts };
    if (!listenerKinds(l).some((k) => k.kind === e.kind && k.group === GW_GROUP)) {
      seen.add('kind');
      continue;
    }
    return { outcome: 'ok', hostnames: listenerHosts };
  }
  const outcome: Outcome = seen.has('namespace')
    ? 'namespace'
    : seen.has('no-hostname')
      ? 'no-hostname'
      : seen.has('kind')
        ? 'kind'
        : 'no-listener';
  return { outcome, hostnames: listenerHosts };
}

export function checkParents(ctx: RuleContext, checkServiceRef: (name: string, ns: string, path: string) => void) {
  const e = ctx.entry;
  arr(spec(e)['parentRefs']).forEach((p, i) => {
    const ref = obj(p);
    const kind = str(ref['kind']) ?? 'Gateway';
    const group = str(ref['group']) ?? GW_GROUP;
    const name = str(ref['name']) ?? '';
    const ns = str(ref['namespace']) ?? e.namespace;
    const path = `spec.parentRefs[${i}]`;
    if (kind === 'Service' && (group === '' || group === 'core')) {
      checkServiceRef(name, ns, `${path}.name`);
      return;
    }
    if (kind !== 'Gateway' || group !== GW_GROUP) return;
    const gw = ctx.ix.list('K8sGateway', ns).find((g) => g.name === name);
    if (!gw) {
      const offline = gatewaysUnknown(ctx, ns, ['K8sGateway']);
      ctx.report({
        ruleId: 'gwapi.parent-not-found',
        codes: ['KIA1401'],
        severity: offline ? 'info' : missingSeverity(ctx, 'error'),
        message: offline
          ? `Parent Gateway ${ns}/${name} is not among the inputs (they hold no Gateway of namespace ${ns}), so whether this ${e.kind} attaches cannot be told without the cluster. Run with --cluster or add the Gateway's manifest.`
          : ctx.offline
            ? `${notAmongInputs(`Parent Gateway ${ns}/${name}`)}. If it does not exist, this ${e.kind} is attached to nothing: fix parentRefs[${i}] or create the Gateway.`
            : `Parent Gateway ${ns}/${name} does not exist, so this ${e.kind} is attached to nothing and routes no traffic. Fix parentRefs[${i}] or create the Gateway.`,
        path: `${path}.name`,
      });
      return;
    }
    const { outcome, hostnames } = attach(ctx, gw, ref);
    if (outcome === 'ok') return;
    const which = [
      typeof ref['port'] === 'number' ? `port ${String(ref['port'])}` : '',
      str(ref['sectionName']) ? `sectionName "${str(ref['sectionName'])}"` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const messages: Record<Exclude<Outcome, 'ok'>, { ruleId: string; codes: string[]; message: string }> = {
      'no-listener': {
        ruleId: 'gwapi.no-matching-listener',
        codes: [],
        message: `Gateway ${ns}/${name} has no listener with ${which || 'any listener'}, so this ${e.kind} is not attached (istiod reports NoMatchingParent). Use a listener name and port the Gateway has.`,
      },
      'no-hostname': {
        ruleId: 'gwapi.no-matching-hostname',
        codes: [],
        message: `None of this ${e.kind}'s hostnames (${strs(spec(e)['hostnames']).join(', ') || '*'}) matches a listener hostname of Gateway ${ns}/${name} (${[...new Set(hostnames)].join(', ')}), so the route is not attached (NoMatchingListenerHostname) and serves nothing. Add a matching hostname to the route or the listener.`,
      },
      namespace: {
        ruleId: 'gwapi.parent-not-allowed',
        codes: ['KIA1401'],
        message: `Gateway ${ns}/${name} does not admit routes from namespace ${e.namespace} (its listeners' allowedRoutes.namespaces), so this ${e.kind} is not attached (NotAllowedByListeners). Allow the namespace on the listener (from: All, or a selector matching its labels).`,
      },
      kind: {
        ruleId: 'gwapi.kind-not-allowed',
        codes: [],
        message: `The matching listeners of Gateway ${ns}/${name} do not take ${e.kind}s (their protocol or allowedRoutes.kinds), so this route is not attached (NotAllowedByListeners). Use a listener of the right protocol.`,
      },
    };
    ctx.report({ ...messages[outcome], severity: 'error', path, references: [refOf(gw)] });
  });
}

/** A backendRef's reference grant (ReferenceGrant in the target namespace allowing this route's kind and namespace). */
export function granted(ctx: RuleContext, toNs: string, group: string, kind: string, name: string): boolean {
  const e = ctx.entry;
  return ctx.ix.list('ReferenceGrant', toNs).some((g) => {
    const from = arr(spec(g)['from']).map(obj);
    const to = arr(spec(g)['to']).map(obj);
    return (
      from.some((f) => f['group'] === GW_GROUP && f['kind'] === e.kind && f['namespace'] === e.namespace) &&
      to.some(
        (t) =>
          (str(t['group']) ?? '') === group && t['kind'] === kind && (t['name'] === undefined || t['name'] === name),
      )
    );
  });
}

export function checkBackends(ctx: RuleContext, checkServiceRef: (name: string, ns: string, path: string) => void) {
  const e = ctx.entry;
  arr(spec(e)['rules']).forEach((r, i) =>
    arr(obj(r)['backendRefs']).forEach((b, j) => {
      const ref = obj(b);
      const kind = str(ref['kind']) ?? 'Service';
      const group = str(ref['group']) ?? '';
      const name = str(ref['name']) ?? '';
      const path = `spec.rules[${i}].backendRefs[${j}]`;
      if (kind === 'Service' && (group === '' || group === 'core'))
        checkServiceRef(name, str(ref['namespace']) ?? e.namespace, `${path}.name`);
      else if (kind === 'Hostname' && group === ISTIO_NET) {
        if (ref['namespace'] !== undefined)
          ctx.report({
            ruleId: 'gwapi.backend-invalid',
            severity: 'error',
            message: `A Hostname backend takes no namespace (istiod refuses it: "namespace may not be set with Hostname type"); remove backendRefs[${j}].namespace.`,
            path: `${path}.namespace`,
          });
        else if (!ctx.ix.hostKnown(name, e.namespace).known)
          ctx.report({
            ruleId: 'gwapi.backend-not-found',
            codes: ['KIA1402'],
            severity: hostSeverity(ctx, name, 'error'),
            message: `No ServiceEntry (or Service) visible from namespace ${e.namespace} declares host ${name}, so requests to this backend fail (BackendNotFound). Declare it with a ServiceEntry exported to ${e.namespace}, or fix the host.${notFoundTail(ctx, name)}`,
            path: `${path}.name`,
          });
      } else if (kind === 'InferencePool')
        return; // needs istiod's ENABLE_GATEWAY_API_INFERENCE_EXTENSION
      else
        ctx.report({
          ruleId: 'gwapi.backend-invalid',
          severity: 'error',
          message: `istiod does not route to backendRefs of group "${group}" kind "${kind}" (InvalidKind); use a Service, or a ServiceEntry host with group networking.istio.io and kind Hostname.`,
          path: `${path}.kind`,
        });
      if (ref['port'] === undefined)
        ctx.report({
          ruleId: 'gwapi.backend-port-required',
          severity: 'error',
          message: `backendRefs[${j}] has no port; the Gateway API requires one for a ${kind}, and istiod refuses the backend without it. Add port: with the Service's port number.`,
          path,
        });
    }),
  );
}
