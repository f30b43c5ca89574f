import type { ResourceType } from '../store/resource-types.js';
import { RESOURCE_TYPES, RESOURCE_VERBS } from '../store/resource-types.js';
import { reviewDiscovery } from './access-review.js';
import { authenticationDiscovery } from './auth/authentication-api.js';

// Groups of kinds that are never stored (reviews, token checks): listed like any other, answered by their handlers.
const UNSTORED_GROUPS = [authenticationDiscovery, reviewDiscovery];

// What kubectl and client-go ask for to map kinds to URLs. Two shapes answer the same question: the legacy documents
// (/api, /apis, /apis/{g}/{v}: one request per group-version) and aggregated discovery (apidiscovery.k8s.io/v2: all
// of /apis in one document), which kubectl 1.26+ asks for first and drops back from when the Content-Type is plain.

export const KUBE_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' };

export const AGGREGATED_DISCOVERY_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_DISCOVERY_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

interface SubresourceInfo {
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

// Each subresource's kind and verbs as the real API server lists them.
function subresourceInfo(type: ResourceType, subresource: string): SubresourceInfo {
  switch (subresource) {
    case 'status':
      return { kind: type.kind, verbs: ['get', 'patch', 'update'] };
    case 'log':
      return { kind: 'Pod', verbs: ['get'] };
    case 'proxy':
      return { kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] };
    case 'scale':
      return { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };
    case 'token':
      return { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] };
    default:
      return { kind: type.kind, verbs: ['get'] };
  }
}

/** The groups in the order kubectl should prefer them: core first, then as RESOURCE_TYPES lists them. */
export function servedGroups(): { name: string; versions: string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const type of RESOURCE_TYPES) {
    let versions = groups.get(type.group);
    if (!versions) groups.set(type.group, (versions = new Set()));
    for (const version of type.versions) versions.add(version);
  }
  return [
    ...[...groups].map(([name, versions]) => ({ name, versions: [...versions] })),
    ...UNSTORED_GROUPS.map((g) => ({ name: g.group, versions: [g.version] })),
  ];
}

const typesIn = (group: string, version: string) =>
  RESOURCE_TYPES.filter((t) => t.group === group && t.versions.includes(version));

export function versionInfo(): Record<string, string> {
  return {
    ...KUBE_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T00:00:00Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(): Record<string, unknown> {
  const groups = servedGroups().filter((g) => g.name !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g.name, g.versions)) };
}

export function apiGroupDocument(group: string): Record<string, unknown> | undefined {
  const found = servedGroups().find((g) => g.name === group);
  return found && { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found.name, found.versions) };
}

export function apiResourceList(group: string, version: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const type of typesIn(group, version)) {
    resources.push({
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: RESOURCE_VERBS,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      ...(type.categories ? { categories: type.categories } : {}),
    });
    for (const sub of type.subresources ?? []) {
      const info = subresourceInfo(type, sub);
      resources.push({
        name: `${type.resource}/${sub}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(info.group ? { group: info.group, version: info.version } : {}),
        kind: info.kind,
        verbs: info.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

function discoveryVersion(group: string, version: string): Record<string, unknown> {
  const unstored = UNSTORED_GROUPS.find((g) => g.group === group);
  if (unstored) {
    return {
      version,
      resources: unstored.resources.map((r) => ({
        resource: r.resource,
        responseKind: { group, version, kind: r.kind },
        scope: 'Cluster',
        singularResource: r.singular,
        verbs: r.verbs,
      })),
      freshness: 'Current',
    };
  }
  return {
    version,
    resources: typesIn(group, version).map((type) => ({
      resource: type.resource,
      responseKind: { group, version, kind: type.kind },
      scope: type.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: type.singular,
      verbs: RESOURCE_VERBS,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      ...(type.categories ? { categories: type.categories } : {}),
      ...(type.subresources
        ? {
            subresources: type.subresources.map((sub) => {
              const info = subresourceInfo(type, sub);
              return {
                subresource: sub,
                responseKind: { group: info.group ?? group, version: info.version ?? version, kind: info.kind },
                verbs: info.verbs,
              };
            }),
          }
        : {}),
    })),
    freshness: 'Current',
  };
}

/** The aggregated discovery document for /api (core: true) or /apis, in apidiscovery.k8s.io `apiVersion`. */
export function aggregatedDiscovery(core: boolean, apiVersion: 'v2' | 'v2beta1'): Record<string, unknown> {
  const groups = servedGroups().filter((g) => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.name ? { name: g.name } : {},
      versions: g.versions.map((version) => discoveryVersion(g.name, version)),
    })),
  };
}

/**
 * Which aggregated discovery version the Accept header asks for, or undefined for the legacy document. Clients list
 * their choices in order of preference; the first one this server speaks wins.
 */
export function aggregatedDiscoveryWanted(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const choice of (accept ?? '').split(',')) {
    if (!/as=APIGroupDiscoveryList/.test(choice) || !/g=apidiscovery\.k8s\.io/.test(choice)) {
      if (/^\s*(application\/json|\*\/\*)\s*(;|$)/.test(choice) && !/as=/.test(choice)) return undefined;
      continue;
    }
    if (/v=v2beta1/.test(choice)) return 'v2beta1';
    if (/v=v2(;|$)/.test(choice.replace(/\s/g, ''))) return 'v2';
  }
  return undefined;
}
