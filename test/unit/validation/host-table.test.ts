// The console's host semantics against Istio's host table (spec/istio-host-resolution.yaml, whose header cites the
// istio/istio sources of every case). The simulated mesh is tested against the same table on its own side
// (packages/mesh-in-a-box/test/unit/host-table.test.ts): two implementations, one truth.
import { describe, expect, it } from 'vitest';
import { Reader } from '../../../server/validation/context.js';
import { toEntry } from '../../../server/validation/entries.js';
import {
  authzHostMatches,
  backendRefHost,
  exportedTo,
  gatewayHostBinds,
  gatewayServerHost,
  isIpAddress,
  routeHostnameAttaches,
  serviceOfAuthority,
  sidecarImports,
  toFqdn,
  unregisteredHostServes,
} from '../../../server/validation/hosts.js';
import { ValidationIndex } from '../../../server/validation/index.js';
import type { Entry, K8sObject } from '../../../server/validation/types.js';
import { indexDestinationRules, indexVirtualServices } from '../../../server/mesh/istio-refs.js';
import type { KubeObject } from '../../../server/sources/kubernetes.js';
import { caseName, hostTable, registryObjects, type HostCase } from './host-table.js';

const domain = hostTable.clusterDomain;
const registry = registryObjects(hostTable);

/** The registry host a row asks about: a Service's FQDN or a ServiceEntry host. */
function targetOf(c: HostCase): { host: string; name: string; namespace: string } {
  if (c.service) {
    const [name, namespace] = c.service.split('.') as [string, string];
    return { host: `${name}.${namespace}.svc.${domain}`, name, namespace };
  }
  const se = hostTable.registry.serviceEntries.find((s) => s.hosts.includes(c.serviceEntryHost!))!;
  return { host: c.serviceEntryHost!, name: se.name, namespace: se.namespace };
}

/** The validator's view of the registry plus the row's own object. */
function readerWith(objects: K8sObject[]): { reader: Reader; entries: Entry[] } {
  const entries = [...registry, ...objects].map((o) => toEntry(o, 'default'));
  return { reader: new Reader(new ValidationIndex(entries, domain), new Set(), domain), entries };
}

/** Is the target visible from `from`, and is it the object the validator finds for that host? */
function reaches(reader: Reader, host: string, from: string, target: { name: string; namespace: string }): boolean {
  const found = reader.hostKnown(host, from);
  return found.known && found.via?.name === target.name && found.via.namespace === target.namespace;
}

const istioObject = (kind: string, c: HostCase, spec: object): KubeObject & K8sObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind,
  metadata: { name: 'under-test', namespace: c.namespace },
  spec: { ...spec, ...(c.exportTo ? { exportTo: c.exportTo } : {}) },
});

type Outcome = { resolves: string | null; applies: boolean };

const byField: Record<string, (c: HostCase) => Outcome> = {
  'VirtualService.hosts': (c) => {
    const target = targetOf(c);
    const from = c.from ?? c.namespace;
    const vs = istioObject('VirtualService', c, {
      hosts: [c.host],
      http: [{ route: [{ destination: { host: 'x' } }] }],
    });
    const { reader } = readerWith([vs]);
    const declares = reader.declaring('VirtualService', target.host).some((e) => e.name === 'under-test');
    // The mesh model's references (the graph's badges) must agree with the validator on which Service a host names.
    if (!c.exportTo) expect(indexVirtualServices([vs]).refsFor(target.host).length > 0).toBe(declares);
    const visible = exportedTo(c.exportTo, c.namespace, from) && reaches(reader, target.host, from, target);
    const resolves = toFqdn(c.host, c.namespace, domain);
    if (c.authority === undefined) return { resolves, applies: declares && visible };
    // A request with this Host header: the Service's own routing, or a virtual host of the VirtualService's own.
    const named = serviceOfAuthority(c.authority, from, domain);
    const toService = named !== undefined && `${named.name}.${named.namespace}.svc.${domain}` === target.host;
    const registered = reader.service(resolves) !== undefined || reader.serviceEntries(resolves).length > 0;
    const own = !registered && unregisteredHostServes(resolves, c.authority, c.port ?? 80);
    return { resolves, applies: own || (declares && visible && toService) };
  },
  'VirtualService.destination': (c) => {
    const resolved = toFqdn(c.host, c.namespace, domain);
    const { reader } = readerWith([]);
    return { resolves: resolved, applies: reaches(reader, resolved, c.from ?? c.namespace, targetOf(c)) };
  },
  'DestinationRule.host': (c) => {
    const target = targetOf(c);
    const from = c.from ?? c.namespace;
    const dr = istioObject('DestinationRule', c, { host: c.host });
    const { reader } = readerWith([dr]);
    const declares = reader.declaring('DestinationRule', target.host).some((e) => e.name === 'under-test');
    if (!c.exportTo) expect(indexDestinationRules([dr]).refsFor(target.host).length > 0).toBe(declares);
    const visible = exportedTo(c.exportTo, c.namespace, from) && reaches(reader, target.host, from, target);
    return { resolves: toFqdn(c.host, c.namespace, domain), applies: declares && visible };
  },
  'Sidecar.egress.hosts': (c) => {
    const target = targetOf(c);
    const { reader } = readerWith([]);
    const [ns, host] = c.host.split('/') as [string, string];
    return {
      resolves: `${ns === '.' ? c.namespace : ns}/${host}`,
      applies: sidecarImports(c.host, c.namespace, target) && reaches(reader, target.host, c.namespace, target),
    };
  },
  'Gateway.servers.hosts': (c) => ({
    resolves: gatewayServerHost(c.host, c.namespace),
    applies: gatewayHostBinds(c.host, c.namespace, c.virtualService!, domain),
  }),
  'request.authority': (c) => {
    const target = targetOf(c);
    const { reader } = readerWith([]);
    const named = serviceOfAuthority(c.host, c.namespace, domain);
    const byAddress = isIpAddress(c.host)
      ? reader.listAll('Service').find((s) => (s.object.spec as { clusterIP?: string }).clusterIP === c.host)
      : undefined;
    const host = named
      ? `${named.name}.${named.namespace}.svc.${domain}`
      : byAddress && `${byAddress.name}.${byAddress.namespace}.svc.${domain}`;
    const reached = !!host && reaches(reader, host, c.namespace, target) && host === target.host;
    return { resolves: host && reader.service(host) ? host : null, applies: reached };
  },
  'AuthorizationPolicy.operation.hosts': (c) => ({ resolves: c.host, applies: authzHostMatches(c.host, c.authority!) }),
  'HTTPRoute.hostnames': (c) => ({ resolves: c.host, applies: routeHostnameAttaches(c.host, c.listenerHostname) }),
  'HTTPRoute.backendRefs': (c) => {
    const host = backendRefHost(c.host, c.backendNamespace ?? c.namespace, domain) ?? null;
    const { reader } = readerWith([]);
    return { resolves: host, applies: !!host && reaches(reader, host, c.namespace, targetOf(c)) };
  },
};

describe("the console reads every host of Istio's host table as Istio does", () => {
  it('has a reading for every field the table uses', () => {
    const fields = new Set(hostTable.cases.map((c) => c.field));
    expect([...fields].filter((f) => !byField[f])).toEqual([]);
  });

  it.each(hostTable.cases.map((c) => [caseName(c), c] as const))('%s', (_name, c) => {
    expect(byField[c.field]!(c), c.why).toEqual({ resolves: c.resolves, applies: c.applies });
  });
});
