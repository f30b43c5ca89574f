import type { GroupResource, KubeObject } from './kube-object.js';
import { isBuiltIn, resourceTypeOf } from './resource-types.js';
import { flat, newUid, nowTimestamp } from './flat-strings.js';
import { sameJson } from './same-json.js';
import { StoreError } from './store-error.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  gr: GroupResource;
  object: KubeObject; // a frozen snapshot: never mutate
  resourceVersion: number;
}

export interface WriteOptions {
  /** dryRun=All: validate and answer as if written, store nothing. */
  dryRun?: boolean;
}

// How many past events each kind keeps for watches that resume from a resourceVersion; older ones answer 410 Gone.
const EVENT_HISTORY_PER_KIND = 5_000;

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/**
 * The etcd of the mesh in a box: every object by kind, namespace and name, one global resourceVersion counter, and a
 * bounded event history per kind so watches can resume as informers expect.
 * Objects handed out are frozen snapshots; writers pass new objects in.
 */
export class ObjectStore {
  private readonly objects = new Map<GroupResource, Map<string, KubeObject>>();
  private readonly history = new Map<GroupResource, StoreEvent[]>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private revision = 1;

  /** The newest resourceVersion handed out (a list's resourceVersion). */
  get resourceVersion(): number {
    return this.revision;
  }

  list(gr: GroupResource, namespace?: string): KubeObject[] {
    const all = this.objects.get(gr);
    if (!all) return [];
    const out: KubeObject[] = [];
    for (const obj of all.values()) {
      if (namespace === undefined || obj.metadata.namespace === namespace) out.push(obj);
    }
    return out;
  }

  get(gr: GroupResource, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(gr)?.get(key(namespace, name));
  }

  /** Like get, but throws the API's NotFound. */
  require(gr: GroupResource, namespace: string | undefined, name: string): KubeObject {
    const found = this.get(gr, namespace, name);
    if (!found) throw notFound(gr, name);
    return found;
  }

  create(gr: GroupResource, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const type = resourceTypeOf(gr);
    if (!type) throw new StoreError(404, 'NotFound', `the server could not find the requested resource (${gr})`);
    const meta = { ...input.metadata };
    if (!meta.name && meta.generateName) meta.name = flat(meta.generateName + randomSuffix());
    if (!meta.name) throw invalid(type.kind, '', 'metadata.name', 'name or generateName is required');
    if (type.namespaced && !meta.namespace)
      throw invalid(type.kind, meta.name, 'metadata.namespace', 'namespace is required');
    if (!type.namespaced) delete meta.namespace;
    if (this.get(gr, meta.namespace, meta.name)) {
      throw new StoreError(
        409,
        'AlreadyExists',
        `${type.resource}${groupSuffix(type.group)} "${meta.name}" already exists`,
        {
          name: meta.name,
          group: type.group,
          kind: type.resource,
        },
      );
    }
    if (type.namespaced && !this.get('/namespaces' as GroupResource, undefined, meta.namespace!)) {
      throw new StoreError(404, 'NotFound', `namespaces "${meta.namespace}" not found`, {
        name: meta.namespace,
        kind: 'namespaces',
      });
    }
    const stored: KubeObject = {
      ...input,
      metadata: {
        ...meta,
        uid: newUid(),
        resourceVersion: String(this.revision + 1),
        generation: 1,
        creationTimestamp: nowTimestamp(),
      },
    };
    if (options.dryRun) {
      // A dry-run create never reaches etcd, which is what sets resourceVersion: the answer has none
      // (apiserver registry/generic/registry/dryrun.go copies the object out as it was before storage).
      delete stored.metadata.resourceVersion;
      return deepFreeze(stored);
    }
    return this.commit('ADDED', gr, stored);
  }

  /**
   * Replaces an object. When the incoming object names a resourceVersion it must be the stored one (409 Conflict
   * otherwise), as the API server's optimistic concurrency demands.
   */
  update(gr: GroupResource, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const type = resourceTypeOf(gr);
    if (!type) throw new StoreError(404, 'NotFound', `the server could not find the requested resource (${gr})`);
    const current = this.require(gr, type.namespaced ? input.metadata.namespace : undefined, input.metadata.name);
    const wanted = input.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== '' && wanted !== current.metadata.resourceVersion) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${type.resource}${groupSuffix(type.group)} "${input.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: input.metadata.name, group: type.group, kind: type.resource },
      );
    }
    const uid = input.metadata.uid;
    if (uid !== undefined && uid !== '' && uid !== current.metadata.uid) {
      // An update naming another uid is a precondition on the uid (apiserver rest.DefaultUpdatedObjectInfo), which
      // etcd's storage refuses as an invalid object and the registry answers as a conflict (InterpretUpdateError).
      const where = !isBuiltIn(type)
        ? `${type.group}/${type.resource}`
        : (BUILT_IN_PREFIXES[type.resource] ?? type.resource);
      const storageKey = `/registry/${where}/${current.metadata.namespace ? `${current.metadata.namespace}/` : ''}${current.metadata.name}`;
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${type.resource}${groupSuffix(type.group)} "${input.metadata.name}": StorageError: invalid object, Code: 4, Key: ${storageKey}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
        { name: input.metadata.name, group: type.group, kind: type.resource },
      );
    }
    const specChanged = !sameJson(input.spec, current.spec);
    const stored: KubeObject = {
      ...input,
      metadata: {
        ...input.metadata,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: current.metadata.resourceVersion,
        generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      },
    };
    if (!type.namespaced) delete stored.metadata.namespace;
    // An update that changes nothing is not written: etcd3's GuaranteedUpdate skips a write whose bytes equal the
    // stored ones, so the resourceVersion stays and no watch event goes out; managedFields whose only change is a
    // timestamp count as unchanged (fieldmanager's IgnoreManagedFieldsTimestampsTransformer puts the old times back).
    if (sameObjectIgnoringManagedFieldsTime(stored, current)) return current;
    // A dry-run update answers the object as it would be, still at the stored resourceVersion (dryrun.go).
    if (options.dryRun) return deepFreeze(stored);
    stored.metadata.resourceVersion = String(this.revision + 1);
    return this.commit('MODIFIED', gr, stored);
  }

  delete(gr: GroupResource, namespace: string | undefined, name: string, options: WriteOptions = {}): KubeObject {
    const current = this.require(gr, namespace, name);
    if (options.dryRun) return current;
    const rv = this.revision + 1;
    // A deleted object is reported with the resourceVersion of its deletion, as the API server does.
    const gone: KubeObject = { ...current, metadata: { ...current.metadata, resourceVersion: String(rv) } };
    this.objects.get(gr)!.delete(key(current.metadata.namespace, name));
    this.revision = rv;
    return this.emit({ type: 'DELETED', gr, object: deepFreeze(gone), resourceVersion: rv }).object;
  }

  /** Called for every committed change, synchronously, in order. Returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events of one kind after `resourceVersion`, for a watch that resumes there; 'gone' when the history no longer
   * reaches back that far (the API answers 410 Gone and the informer relists).
   */
  eventsSince(gr: GroupResource, resourceVersion: number): StoreEvent[] | 'gone' {
    const events = this.history.get(gr) ?? [];
    const oldest = events[0];
    if (oldest && resourceVersion < oldest.resourceVersion - 1 && events.length >= EVENT_HISTORY_PER_KIND)
      return 'gone';
    let start = events.length;
    while (start > 0 && events[start - 1]!.resourceVersion > resourceVersion) start--;
    return events.slice(start);
  }

  private commit(type: WatchEventType, gr: GroupResource, stored: KubeObject): KubeObject {
    const frozen = deepFreeze(stored);
    let byKey = this.objects.get(gr);
    if (!byKey) this.objects.set(gr, (byKey = new Map()));
    const at = key(frozen.metadata.namespace, frozen.metadata.name);
    // The map keeps the key it was first given: only a new one is worth flattening.
    byKey.set(byKey.has(at) ? at : flat(at), frozen);
    this.revision = Number(frozen.metadata.resourceVersion);
    return this.emit({ type, gr, object: frozen, resourceVersion: this.revision }).object;
  }

  private emit(event: StoreEvent): StoreEvent {
    let events = this.history.get(event.gr);
    if (!events) this.history.set(event.gr, (events = []));
    events.push(event);
    if (events.length > EVENT_HISTORY_PER_KIND) events.splice(0, events.length - EVENT_HISTORY_PER_KIND);
    for (const listener of this.listeners) listener(event);
    return event;
  }
}

// Kubernetes' own groups keep their objects under /registry/<resource>/ in etcd; CRDs under /registry/<group>/<resource>/.
// Services and their endpoints share one prefix (pkg/registry/core/service/storage, endpoint/storage: /services/specs
// and /services/endpoints).
const BUILT_IN_PREFIXES: Record<string, string> = { services: 'services/specs', endpoints: 'services/endpoints' };

function sameObjectIgnoringManagedFieldsTime(next: KubeObject, current: KubeObject): boolean {
  // Status and spec first: a controller's write changes one of them, and the comparison stops there.
  if (!sameJson(next.status, current.status) || !sameJson(next.spec, current.spec)) return false;
  const { managedFields: nextFields, ...nextMeta } = next.metadata;
  const { managedFields: currentFields, ...currentMeta } = current.metadata;
  const rest = ({ spec: _spec, status: _status, metadata: _metadata, ...fields }: KubeObject) => fields;
  if (!sameJson(nextMeta, currentMeta) || !sameJson(rest(next), rest(current))) return false;
  const withoutTime = (entries: unknown[] | undefined) =>
    (entries ?? []).map((e) => (e && typeof e === 'object' ? { ...e, time: undefined } : e));
  return sameJson(withoutTime(nextFields), withoutTime(currentFields));
}

function groupSuffix(group: string): string {
  return group ? `.${group}` : '';
}

export function notFound(gr: GroupResource, name: string): StoreError {
  const type = resourceTypeOf(gr);
  const resource = type ? `${type.resource}${groupSuffix(type.group)}` : gr;
  return new StoreError(404, 'NotFound', `${resource} "${name}" not found`, {
    name,
    group: type?.group,
    kind: type?.resource,
  });
}

export function invalid(kind: string, name: string, field: string, message: string): StoreError {
  return new StoreError(422, 'Invalid', `${kind} "${name}" is invalid: ${field}: ${message}`, {
    name,
    kind,
    causes: [{ field, message }],
  });
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
