import { socketAddress, type EnvoyJson } from './envoy-json.js';
import type { ListenerModel } from './sidecar-listeners.js';

/** /listeners: one "name::address:port" line per active listener. */
export function listenersText(listeners: ListenerModel[]): string {
  return listeners.map((l) => `${l.name}::${l.address}:${l.port}\n`).join('');
}

/** /listeners?format=json: admin.v3.Listeners. */
export function listenersJson(listeners: ListenerModel[]): EnvoyJson {
  return {
    listener_statuses: listeners.map((l) => ({ name: l.name, local_address: socketAddress(l.address, l.port) })),
  };
}
