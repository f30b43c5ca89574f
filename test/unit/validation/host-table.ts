// Reads spec/istio-host-resolution.yaml, Istio's host cases, for the console's tests, and builds the registry it
// describes as Kubernetes objects.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { K8sObject } from '../../../server/validation/types.js';

export interface HostCase {
  field: string;
  namespace: string;
  host: string;
  resolves: string | null;
  service?: string;
  serviceEntryHost?: string;
  applies: boolean;
  from?: string;
  exportTo?: string[];
  authority?: string;
  port?: number;
  virtualService?: { namespace: string; host: string };
  listenerHostname?: string;
  backendNamespace?: string;
  why: string;
}

interface RegistryService {
  name: string;
  namespace: string;
  port: number;
  clusterIP: string;
  exportTo?: string;
}

interface RegistryServiceEntry {
  name: string;
  namespace: string;
  hosts: string[];
  port: number;
  exportTo?: string[];
}

export interface HostTable {
  clusterDomain: string;
  registry: { services: RegistryService[]; serviceEntries: RegistryServiceEntry[] };
  cases: HostCase[];
}

export const hostTable = parse(
  readFileSync(new URL('../../../spec/istio-host-resolution.yaml', import.meta.url), 'utf8'),
) as HostTable;

/** A row's name in test output: where the host is written, the host, and what it is checked against. */
export function caseName(c: HostCase): string {
  const against =
    c.service ??
    c.serviceEntryHost ??
    c.authority ??
    (c.virtualService ? `VirtualService ${c.virtualService.namespace}/${c.virtualService.host}` : undefined) ??
    `listener ${c.listenerHostname ?? '*'}`;
  const seen = c.from && c.from !== c.namespace ? ` seen from ${c.from}` : '';
  const exported = c.exportTo ? ` exportTo ${c.exportTo.join(',')}` : '';
  return `${c.field} "${c.host}" in ${c.namespace}${exported}${seen} → ${c.applies ? 'applies to' : 'not'} ${against}`;
}

/** The registry as the objects that declare it: Services (exportTo as their annotation) and ServiceEntries. */
export function registryObjects(table: HostTable): K8sObject[] {
  const services = table.registry.services.map((s) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      ...(s.exportTo ? { annotations: { 'networking.istio.io/exportTo': s.exportTo } } : {}),
    },
    spec: { clusterIP: s.clusterIP, selector: { app: s.name }, ports: [{ name: 'http', port: s.port }] },
  }));
  const entries = table.registry.serviceEntries.map((se) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name: se.name, namespace: se.namespace },
    spec: {
      hosts: se.hosts,
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: se.port, name: 'http', protocol: 'HTTP' }],
      ...(se.exportTo ? { exportTo: se.exportTo } : {}),
    },
  }));
  return [...services, ...entries];
}
