// The Istio kinds Sextant reads, shared by both sides: the server watches them (server/sources/watched-kinds.ts), the
// pages list and link them. And the names a person types for each, as kubectl accepts them: the Kind, its lowercase
// singular, its plural resource name and the short names Istio's CRDs declare (names.shortNames; Sidecar and
// EnvoyFilter declare none).

export const ISTIO_KINDS = [
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'WorkloadEntry',
  'EnvoyFilter',
  'PeerAuthentication',
  'RequestAuthentication',
  'AuthorizationPolicy',
] as const;

export type IstioKind = (typeof ISTIO_KINDS)[number];

const NAMES: Record<IstioKind, { plural: string; short?: string }> = {
  VirtualService: { plural: 'virtualservices', short: 'vs' },
  DestinationRule: { plural: 'destinationrules', short: 'dr' },
  Gateway: { plural: 'gateways', short: 'gw' },
  ServiceEntry: { plural: 'serviceentries', short: 'se' },
  Sidecar: { plural: 'sidecars' },
  WorkloadEntry: { plural: 'workloadentries', short: 'we' },
  EnvoyFilter: { plural: 'envoyfilters' },
  PeerAuthentication: { plural: 'peerauthentications', short: 'pa' },
  RequestAuthentication: { plural: 'requestauthentications', short: 'ra' },
  AuthorizationPolicy: { plural: 'authorizationpolicies', short: 'ap' },
};

const BY_NAME = new Map<string, IstioKind>(
  ISTIO_KINDS.flatMap((kind) => {
    const { plural, short } = NAMES[kind];
    return [kind, kind.toLowerCase(), plural, ...(short ? [short] : [])].map((n) => [n.toLowerCase(), kind] as const);
  }),
);

/** The Istio kind a typed name means (kubectl matches resource names case-insensitively), or undefined. */
export function istioKindOf(typed: string): IstioKind | undefined {
  return BY_NAME.get(typed.trim().toLowerCase());
}

/** A sentence for a name that is no Istio kind: which parameter, and what it accepts. */
export function unknownIstioKind(parameter: string, typed: string): string {
  const accepted = ISTIO_KINDS.map((k) => (NAMES[k].short ? `${k} (${NAMES[k].short})` : k)).join(', ');
  return `${parameter} "${typed}" is not an Istio kind; use one of ${accepted}, or its plural such as virtualservices`;
}
