// The validator's findings summed by what they touch on the graph, kept per validator and its findings version:
// summing walks every validated object (10,000 and more on a large mesh), and the graph asks again after every change
// to the watch cache, most of which (a pod's status, a ReplicaSet's counts) change no finding.
import type { Validator } from '../validation/engine.js';
import { configFindings, type CheckedObject, type ConfigFindings } from './config-findings.js';

export interface GraphFindings {
  /** The validator's findings by host and workload; summed again only when its findings version moved. */
  of(validator: Validator): ConfigFindings;
}

/** Sums the findings of every validated object, as errors and warnings (infos mark no node). */
export function sumFindings(validator: Validator): ConfigFindings {
  const objects: CheckedObject[] = [];
  for (const e of validator.index.entries.values()) {
    const found = validator.findingsFor(e.id);
    if (found.length === 0) continue;
    const counts = {
      errors: found.filter((f) => f.severity === 'error').length,
      warnings: found.filter((f) => f.severity === 'warning').length,
    };
    objects.push({ kind: e.kind, namespace: e.namespace, name: e.name, spec: e.object.spec, counts });
  }
  return configFindings(objects);
}

export function createGraphFindings(sum: (validator: Validator) => ConfigFindings = sumFindings): GraphFindings {
  const kept = new WeakMap<Validator, { version: number; findings: ConfigFindings }>();
  return {
    of(validator) {
      const version = validator.version();
      const last = kept.get(validator);
      if (last && last.version === version) return last.findings;
      const findings = sum(validator);
      kept.set(validator, { version, findings });
      return findings;
    },
  };
}
