import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/kube/json-value.js';
import { managedFieldsAfterUpdate } from '../../../src/kube/managed-fields.js';
import { patchSchemaFor } from '../../../src/kube/patch-schema.js';
import { serverSideApply } from '../../../src/kube/server-side-apply.js';
import type { KubeObject } from '../../../src/store/kube-object.js';

const schema = patchSchemaFor('Deployment');
const config = (replicas: number, extraLabel?: string): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'sa-logic', labels: { app: 'sa-logic', ...(extraLabel ? { [extraLabel]: 'yes' } : {}) } },
  spec: { replicas, template: { spec: { containers: [{ name: 'sa-logic', image: 'logic:1' }] } } },
});
const apply = (live: KubeObject | undefined, cfg: JsonObject, manager = 'ci', force = false) =>
  serverSideApply({ live, config: cfg, manager, force, apiVersion: 'apps/v1', schema });
const asLive = (r: ReturnType<typeof apply>) =>
  ({
    ...r.object,
    metadata: { ...(r.object.metadata as object), managedFields: r.managedFields },
  }) as unknown as KubeObject;

describe('serverSideApply', () => {
  it('records the applied fields in FieldsV1 with keyed list items', () => {
    const { managedFields } = apply(undefined, config(2));
    expect(managedFields).toHaveLength(1);
    expect(managedFields[0]).toMatchObject({ manager: 'ci', operation: 'Apply', fieldsType: 'FieldsV1' });
    expect(managedFields[0]!.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': { 'f:containers': { 'k:{"name":"sa-logic"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  it('removes a field the same manager stops applying', () => {
    const first = asLive(apply(undefined, config(2, 'canary')));
    const second = apply(first, config(2));
    expect((second.object.metadata as { labels: object }).labels).toEqual({ app: 'sa-logic' });
  });

  it('reports a conflict with another manager, and takes the field over with force', () => {
    const live = asLive(apply(undefined, config(2)));
    const scaled = { ...live, spec: { ...live.spec, replicas: 5 } } as KubeObject;
    scaled.metadata.managedFields = managedFieldsAfterUpdate({
      previous: live,
      next: scaled,
      manager: 'kubectl-scale',
      apiVersion: 'apps/v1',
      schema,
    });
    expect(() => apply(scaled, config(3), 'other')).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
    );
    const forced = apply(scaled, config(3), 'other', true);
    expect((forced.object.spec as { replicas: number }).replicas).toBe(3);
    expect(forced.managedFields.map((m) => m.manager)).not.toContain('kubectl-scale');
  });
});
