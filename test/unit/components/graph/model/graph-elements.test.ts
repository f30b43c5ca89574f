import { describe, expect, it } from 'vitest';
import {
  boxId,
  edgeHealthClass,
  graphElements,
  type ElementOptions,
} from '../../../../../components/graph/model/graph-elements.js';
import { edgeLabel, nodeName, nodeTypeName } from '../../../../../components/graph/model/graph-labels.js';
import { edge, node } from './graph-fixtures.js';

const options: ElementOptions = { edgeLabels: 'none', latency: 'p95', appBoxes: true, securityBadges: false };
const v1 = node({ id: 'v1', app: 'sa-logic', version: 'v1' });
const v2 = node({ id: 'v2', app: 'sa-logic', version: 'v2', badges: ['virtual-service'] });
const toV2 = edge({ source: 'v1', target: 'v2', rps: 1, errorRatio: 0.6, p95: 180, share: 0.1, bps: 2048 });

describe('graph elements', () => {
  it('puts the versions of one app in one box named after the app', () => {
    const els = graphElements([v1, v2], [], options);
    const boxes = els.filter((e) => e.classes === 'box');
    expect(boxes).toEqual([
      { group: 'nodes', data: { id: boxId('demo', 'sa-logic'), label: 'sa-logic', box: true }, classes: 'box' },
    ]);
    expect(els.find((e) => e.data.id === 'v2')!.data.parent).toBe(boxId('demo', 'sa-logic'));
    expect(els.find((e) => e.data.id === 'v2')!.data.label).toBe('v2\n⇄');
  });

  it('names app nodes with their version when they are not boxed', () => {
    const els = graphElements([v1], [], { ...options, appBoxes: false });
    expect(els).toHaveLength(1);
    expect(els[0]!.data.label).toBe('sa-logic\nv1');
    expect(nodeName(v1)).toBe('sa-logic v1');
  });

  it('colours edges as Kiali does: red from 20% errors, orange above 0.1%, grey when idle', () => {
    expect(edgeHealthClass(toV2)).toBe('failure');
    expect(edgeHealthClass({ ...toV2, errorRatio: 0.01 })).toBe('degraded');
    expect(edgeHealthClass({ ...toV2, errorRatio: 0 })).toBe('healthy');
    expect(edgeHealthClass({ ...toV2, rps: 0 })).toBe('idle');
  });

  it('writes the label the picker asks for', () => {
    expect(edgeLabel(toV2, 'rate', 'p95')).toBe('1.00 rps');
    expect(edgeLabel(toV2, 'share', 'p95')).toBe('10%');
    expect(edgeLabel(toV2, 'error', 'p95')).toBe('60%');
    expect(edgeLabel(toV2, 'responseTime', 'p95')).toBe('180 ms');
    expect(edgeLabel(toV2, 'throughput', 'p95')).toBe('2.0 KiB/s');
    expect(edgeLabel(toV2, 'security', 'p95')).toBe('mTLS');
    expect(edgeLabel({ ...toV2, errorRatio: 0 }, 'error', 'p95')).toBe('');
  });

  it('marks edges that are new, or whose errors grew, since the compared window', () => {
    const [added] = graphElements([], [{ ...toV2, compare: null }], options);
    expect(added!.classes).toContain('cmp-new');
    const [worse] = graphElements([], [{ ...toV2, compare: { rps: 0.5, errorRatio: 0.1 } }], options);
    expect(worse!.classes).toContain('cmp-up');
    expect(worse!.classes).toContain('cmp-err-up');
    expect(worse!.data.label).toBe('+100% err +50.0pt');
  });

  it('draws removed edges dashed only between nodes still drawn', () => {
    const els = graphElements([v1, v2], [], {
      ...options,
      removedEdges: [
        { id: 'gone', source: 'v1', target: 'v2', rps: 1 },
        { id: 'elsewhere', source: 'v1', target: 'x', rps: 1 },
      ],
    });
    expect(els.filter((e) => e.classes === 'cmp-removed').map((e) => e.data.id)).toEqual(['removed:gone']);
  });

  it('draws an operation node in its own shape, named by its operation, apart from the page’s groups', () => {
    const operation = node({
      id: 'op:demo:sa-webapp:/sentiment',
      nodeType: 'aggregate',
      service: 'sa-webapp',
      aggregate: 'request_operation',
      aggregateValue: '/sentiment',
    });
    const group = node({ id: 'group:ns:demo', nodeType: 'aggregate' });
    const [opEl, groupEl] = graphElements([operation, group], [], options);
    expect(opEl!.classes.split(' ')).toContain('operation');
    expect(opEl!.classes.split(' ')).not.toContain('aggregate');
    expect(opEl!.data.label).toBe('/sentiment');
    expect(groupEl!.classes.split(' ')).toContain('aggregate');
    expect([nodeName(operation), nodeTypeName(operation), nodeTypeName(group)]).toEqual([
      '/sentiment',
      'Operation',
      'Group',
    ]);
  });
});

describe('security on the drawn edges', () => {
  const denied = edge({
    source: 'a',
    target: 'b',
    rps: 10,
    http4xxRatio: 0.3,
    denied: {
      rbac: 2,
      jwt: 1,
      causes: [
        { kind: 'no-allow', rps: 2 },
        { kind: 'jwt', rps: 1 },
      ],
    },
  });

  it('draws refused requests with their own class and says how many, apart from the health colour', () => {
    const [el] = graphElements([], [denied], { ...options, edgeLabels: 'rate' });
    expect(el!.classes.split(' ')).toEqual(expect.arrayContaining(['denied', 'healthy']));
    expect(el!.classes).not.toContain('failure');
    expect(el!.data.label).toBe('10.0 rps · 3.00 rps denied');
  });

  it('says plaintext where mTLS would be, and what the servers took in the security labels', () => {
    const [plain] = graphElements([], [edge({ source: 'a', target: 'b', tls: 'no-sidecar', mtlsRatio: null })], {
      ...options,
      securityBadges: true,
    });
    expect(plain!.classes).toContain('plaintext');
    expect(plain!.data.label).toBe('plaintext');
    expect(edgeLabel(edge({ source: 'a', target: 'b', tls: 'plaintext', mtlsRatio: 0 }), 'security', 'p95')).toBe(
      'plaintext (accepted: not STRICT)',
    );
    expect(edgeLabel(denied, 'security', 'p95')).toBe('mTLS · 3.00 rps denied');
  });
});
