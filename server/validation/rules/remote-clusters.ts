// Signs that the mesh spans several clusters, which one cluster's objects cannot show: Istio's multi-network setup
// labels the control plane's namespace (and often the gateways) with topology.istio.io/network, and installs an
// east-west gateway (istio=eastwestgateway in Istio's samples/multicluster). Then a Service that exists only in
// another cluster is still a valid destination (istiod merges the registries of every cluster), so "not found here"
// cannot be told without the other clusters.
import type { RuleContext } from '../context.js';
import { serviceOfFqdn } from '../hosts.js';
import { labels } from '../util.js';

const NETWORK_LABEL = 'topology.istio.io/network';

/** Why this mesh looks multi-cluster, or undefined. */
export function remoteClusterSign(ctx: RuleContext): string | undefined {
  const root = ctx.ix.namespaceObject(ctx.mesh.rootNamespace);
  const network = root ? labels(root)[NETWORK_LABEL] : undefined;
  if (network) return `namespace ${ctx.mesh.rootNamespace} is labelled ${NETWORK_LABEL}=${network}`;
  const eastWest = ctx.ix.selectWorkloads(undefined, { istio: 'eastwestgateway' })[0];
  if (eastWest) return `${eastWest.entry.kind} ${eastWest.namespace}/${eastWest.entry.name} is an east-west gateway`;
  return undefined;
}

/** The sentence a "host not found" finding ends with in a multi-cluster mesh, for a cluster-local Service name. */
export function remoteClusterTail(ctx: RuleContext, fqdn: string): string | undefined {
  if (!serviceOfFqdn(fqdn, ctx.mesh.clusterDomain)) return undefined;
  const sign = remoteClusterSign(ctx);
  return sign
    ? ` This mesh spans several clusters (${sign}), and a Service defined only in another cluster is not visible here, so whether it exists cannot be told without the other clusters.`
    : undefined;
}
