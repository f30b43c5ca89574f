import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../store/kube-object.js';
import { resourceTypeForObject } from '../store/resource-types.js';

const SCENARIOS_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * Every object in the YAML files of one folder next to this file ('sentiment-analysis', 'istio-system'), read fresh
 * on each call: the store freezes what it is given, so objects are never shared between two stores.
 */
export function readManifests(folder: string): KubeObject[] {
  const dir = join(SCENARIOS_DIR, folder);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${folder}/${file}: ${doc.errors[0]!.message}`);
      const object = doc.toJS() as KubeObject | null;
      if (object) objects.push(checked(object, `${folder}/${file}`));
    }
  }
  return objects;
}

function checked(object: KubeObject, where: string): KubeObject {
  const type = resourceTypeForObject(String(object.apiVersion), String(object.kind));
  if (!type) throw new Error(`${where}: the mesh in a box does not serve ${object.apiVersion} ${object.kind}`);
  if (!object.metadata?.name) throw new Error(`${where}: a ${object.kind} without metadata.name`);
  if (type.namespaced && !object.metadata.namespace)
    throw new Error(`${where}: ${object.kind} ${object.metadata.name} has no metadata.namespace`);
  return object;
}

// Namespaces first so everything has a home, then what pods need (accounts, config, claims), then Services so their
// Endpoints fill as pods start, then workloads, then Istio's configuration.
const KIND_ORDER = [
  'Namespace',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'Service',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
];

/** The objects in the order they can be applied in. Stable: objects of one kind keep their order. */
export function applyOrder(objects: KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => {
    const i = KIND_ORDER.indexOf(o.kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return objects
    .map((object, i) => ({ object, i, rank: rank(object) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((entry) => entry.object);
}
