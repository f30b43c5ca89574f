// Node and edge ids (node-identity.ts) back into PromQL label matchers, for the side panel's charts.
import { InputError } from '../errors.js';
import { promString } from '../sources/prometheus.js';
import { parseNodeId } from './node-identity.js';

type Side = 'source' | 'destination';

/** Matchers that select the requests of one node on one side of the requests (as caller or as callee). */
export function nodeMatchers(id: string, side: Side): string[] {
  const { kind, parts } = parseNodeId(id);
  const m = (label: string, value: string) => `${side}_${label}=${promString(value)}`;
  const [namespace = '', name = '', version] = parts;
  switch (kind) {
    case 'wl':
      return [m('workload_namespace', namespace), m('workload', name)];
    case 'app':
      return [m('workload_namespace', namespace), m('canonical_service', name)];
    case 'vapp':
      return [m('workload_namespace', namespace), m('canonical_service', name), m('canonical_revision', version ?? '')];
    case 'unknown':
      return [m('workload', 'unknown')];
    case 'svc':
    case 'se':
      // Services only ever receive: their requests are the ones aimed at them.
      if (side === 'source') throw new InputError(`a service node (${id}) sends no requests of its own`);
      return [`destination_service_namespace=${promString(namespace)}`, `destination_service_name=${promString(name)}`];
    case 'op':
      // An operation node is the requests of one request_operation to one service.
      if (side === 'source') throw new InputError(`an operation node (${id}) sends no requests of its own`);
      return [
        `destination_service_namespace=${promString(namespace)}`,
        `destination_service_name=${promString(name)}`,
        `request_operation=${promString(version ?? '')}`,
      ];
    default:
      throw new InputError(`"${id}" is not a node id of /api/graph`);
  }
}

// Operation nodes count as services here: they only receive, and what reaches them is chosen by destination labels.
export const isServiceNode = (id: string) => ['svc', 'se', 'op'].includes(parseNodeId(id).kind);

/** Matchers for an edge id (`source>target>protocol`); a service at either end narrows by service. */
export function edgeMatchers(edgeId: string): string[] {
  const [source, target, protocol] = edgeId.split('>');
  if (!source || !target || !protocol) throw new InputError(`"${edgeId}" is not an edge id of /api/graph`);
  const matchers = isServiceNode(source)
    ? [...nodeMatchers(source, 'destination'), ...nodeMatchers(target, 'destination')]
    : [...nodeMatchers(source, 'source'), ...nodeMatchers(target, 'destination')];
  // The same two nodes can talk HTTP and gRPC (and TCP): each is its own edge, with its own charts.
  matchers.push(`request_protocol=${promString(protocol)}`);
  return [...new Set(matchers)];
}
