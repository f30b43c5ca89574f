// What a rule sees: the object under check, a view of the index that records what the rule read (so that a change
// re-runs only the rules that could see it), the mesh facts, and a way to report.
import { exportedTo, hostMatches, isWildcard } from './hosts.js';
import { declaredHosts, type ValidationIndex, type Workload } from './index.js';
import type { Entry, MeshFacts, ObjectRef, Severity } from './types.js';
import { spec } from './util.js';

export interface Report {
  ruleId: string;
  codes?: string[];
  severity: Severity;
  message: string;
  /** Dotted path, e.g. `spec.http[0].route[1].destination.subset`. */
  path: string;
  references?: ObjectRef[];
}

export interface RuleContext {
  entry: Entry;
  ix: Reader;
  mesh: MeshFacts;
  /** True when every namespace is known (live cluster, or files that list Namespace objects). */
  namespacesComplete: boolean;
  /** The input is files, not the cluster (ValidationOptions.offline): a missing reference may exist in the cluster. */
  offline: boolean;
  /** Is this code (or rule id) silenced for this object? Lets a costly check skip work nobody will see. */
  silenced(codeOrRule: string): boolean;
  report(r: Report): void;
}

export interface Rule {
  /** Engine kinds this rule checks (see kinds.ts: K8sGateway for the Gateway API's Gateway). */
  kinds: string[];
  check(ctx: RuleContext): void;
}

/** Read access to the index; every read adds the key whose change could alter its answer. */
export class Reader {
  constructor(
    private readonly ix: ValidationIndex,
    readonly deps: Set<string>,
    private readonly clusterDomain: string,
  ) {}

  list(kind: string, namespace: string): readonly Entry[] {
    this.deps.add(`k:${kind}:${namespace}`);
    return this.ix.list(kind, namespace);
  }
  listAll(kind: string): readonly Entry[] {
    this.deps.add(`k:${kind}`);
    return this.ix.list(kind);
  }
  hasNamespace(name: string): boolean {
    this.deps.add(`ns:${name}`);
    return this.ix.hasNamespace(name);
  }
  namespaceObject(name: string): Entry | undefined {
    this.deps.add(`ns:${name}`);
    return this.ix.namespaceObject(name);
  }
  namespaceNames(): string[] {
    this.deps.add('nsall');
    return this.ix.namespaceNames();
  }
  /** The Kubernetes Service behind a FQDN (`name.ns.svc.<domain>`). */
  service(fqdn: string): Entry | undefined {
    this.deps.add(`h:${fqdn}`);
    return this.ix.declaring('Service', fqdn)[0];
  }
  /** ServiceEntries whose hosts cover `fqdn` (exact or wildcard). */
  serviceEntries(fqdn: string): readonly Entry[] {
    this.deps.add(`h:${fqdn}`);
    this.deps.add('hw:ServiceEntry');
    const out = [...this.ix.declaring('ServiceEntry', fqdn)];
    for (const e of this.ix.wildcardDeclaring('ServiceEntry')) {
      if (out.includes(e)) continue;
      if (hostsOf(e, this.clusterDomain).some((h) => hostMatches(h, fqdn))) out.push(e);
    }
    return out;
  }
  /** Objects of `kind` (VirtualService, DestinationRule) declaring a host that covers `fqdn`, wildcards included. */
  declaring(kind: string, fqdn: string): readonly Entry[] {
    this.deps.add(`h:${fqdn}`);
    this.deps.add(`hw:${kind}`);
    const out = [...this.ix.declaring(kind, fqdn)];
    for (const e of this.ix.wildcardDeclaring(kind)) {
      if (out.includes(e)) continue;
      if (hostsOf(e, this.clusterDomain).some((h) => hostMatches(h, fqdn))) out.push(e);
    }
    return out;
  }
  /** Objects of `kind` declaring any wildcard host. */
  wildcard(kind: string): readonly Entry[] {
    this.deps.add(`hw:${kind}`);
    return this.ix.wildcardDeclaring(kind);
  }
  /** Objects of `kind` with an exact host covered by the wildcard `pattern` (a scan: wildcards are few). */
  declaringUnder(kind: string, pattern: string): readonly Entry[] {
    this.deps.add(`hw:${kind}`);
    this.deps.add(`hx:${kind}`);
    const out: Entry[] = [];
    for (const h of this.ix.declaredExactHosts(kind))
      if (hostMatches(pattern, h)) for (const e of this.ix.declaring(kind, h)) if (!out.includes(e)) out.push(e);
    for (const e of this.ix.wildcardDeclaring(kind))
      if (
        !out.includes(e) &&
        hostsOf(e, this.clusterDomain).some(
          (h) => isWildcard(h) && (hostMatches(pattern, h) || hostMatches(h, pattern)),
        )
      )
        out.push(e);
    return out;
  }
  /**
   * Is `fqdn` a destination the namespace `from` can reach: a Service (honouring its exportTo annotation) or a
   * ServiceEntry host exported to `from`.
   */
  hostKnown(fqdn: string, from: string): { known: boolean; via?: Entry } {
    const svc = this.service(fqdn);
    if (svc && exportedTo(serviceExportTo(svc), svc.namespace, from)) return { known: true, via: svc };
    for (const se of this.serviceEntries(fqdn))
      if (exportedTo(spec(se)['exportTo'], se.namespace, from)) return { known: true, via: se };
    return { known: false };
  }
  selectWorkloads(namespace: string | undefined, selector: Record<string, string>): readonly Workload[] {
    this.deps.add(namespace === undefined ? 'wl' : `wl:${namespace}`);
    return this.ix.selectWorkloads(namespace, selector);
  }
  workloadsIn(namespace: string | undefined): readonly Workload[] {
    this.deps.add(namespace === undefined ? 'wl' : `wl:${namespace}`);
    return this.ix.workloadsIn(namespace);
  }
  workloadOf(e: Entry): Workload | undefined {
    return this.ix.workloadOfEntry(e.id);
  }
  serviceAccountUsed(namespace: string, name: string): boolean {
    this.deps.add(`sa:${namespace}/${name}`);
    return this.ix.serviceAccountUsed(namespace, name);
  }
  serviceAccountKeys(): string[] {
    this.deps.add('sa');
    return this.ix.serviceAccountKeys();
  }
}

const hostsOf = (e: Entry, clusterDomain: string) => declaredHosts(e, clusterDomain);

/** Istio's per-Service visibility annotation. */
export function serviceExportTo(svc: Entry): string[] | undefined {
  const v = svc.object.metadata?.annotations?.['networking.istio.io/exportTo'];
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()) : undefined;
}
