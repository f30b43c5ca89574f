import { describe, expect, it } from 'vitest';
import {
  matchesEdge,
  matchesNode,
  parseFind,
  type FindExpr,
} from '../../../../../components/graph/model/graph-find.js';
import { edge, node } from './graph-fixtures.js';

function parsed(text: string): FindExpr {
  const result = parseFind(text);
  if (!result.ok) throw new Error(result.error);
  return result.expr;
}

const logicV1 = node({ id: 'v1', app: 'sa-logic', version: 'v1', workload: 'sa-logic' });
const logicV2 = node({
  id: 'v2',
  app: 'sa-logic',
  version: 'v2',
  workload: 'sa-logic-v2',
  health: { status: 'Failure', requests: { rps: 1, errorRatio: 0.6, http4xxRatio: 0 } },
});
const gateway = node({
  id: 'gw',
  nodeType: 'workload',
  workload: 'istio-ingressgateway',
  namespace: 'istio-system',
  isRoot: true,
  isOutside: true,
});
const toV1 = edge({ source: 'webapp', target: 'v1', rps: 9, errorRatio: 0, p95: 40, share: 0.9 });
const toV2 = edge({ source: 'webapp', target: 'v2', rps: 1, errorRatio: 0.62, p95: 180, share: 0.1 });
const tcp = edge({ source: 'webapp', target: 'db', protocol: 'tcp', rps: 0, bps: 5000, mtlsRatio: null });

describe('find and hide expressions', () => {
  it('finds edges by request rate', () => {
    const expr = parsed('rps > 5');
    expect([toV1, toV2].filter((e) => matchesEdge(expr, e))).toEqual([toV1]);
  });

  it('reads %error in percent of requests', () => {
    const expr = parsed('%error > 1');
    expect(matchesEdge(expr, toV2)).toBe(true);
    expect(matchesEdge(expr, toV1)).toBe(false);
    expect(matchesNode(expr, logicV2)).toBe(false);
  });

  it('compares response time in milliseconds, with s accepted as a unit', () => {
    expect(matchesEdge(parsed('responseTime > 100'), toV2)).toBe(true);
    expect(matchesEdge(parsed('responseTime > 100'), toV1)).toBe(false);
    expect(matchesEdge(parsed('responsetime >= 0.18s'), toV2)).toBe(true);
    expect(matchesEdge(parsed('responseTime > 1'), tcp)).toBe(false);
  });

  it('finds nodes by name, whatever name they carry, with * as a wildcard', () => {
    expect(matchesNode(parsed('name = sa-logic'), logicV1)).toBe(true);
    expect(matchesNode(parsed('name = sa-logic-v2'), logicV2)).toBe(true);
    expect(matchesNode(parsed('name = istio-*'), gateway)).toBe(true);
    expect(matchesNode(parsed('name != sa-logic'), gateway)).toBe(true);
    expect(matchesNode(parsed('name = "SA-LOGIC"'), logicV1)).toBe(true);
  });

  it('finds a version, a protocol and mTLS', () => {
    expect([logicV1, logicV2].filter((n) => matchesNode(parsed('version = v2'), n))).toEqual([logicV2]);
    expect([toV1, tcp].filter((e) => matchesEdge(parsed('protocol = tcp'), e))).toEqual([tcp]);
    expect([toV1, tcp].filter((e) => matchesEdge(parsed('mtls'), e))).toEqual([toV1]);
  });

  it('finds the edges whose requests the mesh refused with denied, and no node', () => {
    const refused = { ...toV1, denied: { rbac: 1, jwt: 0, causes: [{ kind: 'no-allow' as const, rps: 1 }] } };
    expect([toV1, refused, tcp].filter((e) => matchesEdge(parsed('denied'), e))).toEqual([refused]);
    expect([toV1, refused].filter((e) => matchesEdge(parsed('!denied'), e))).toEqual([toV1]);
    expect(matchesNode(parsed('denied'), logicV1)).toBe(false);
  });

  it('finds unhealthy nodes with !healthy and never marks edges with it', () => {
    const expr = parsed('!healthy');
    expect([logicV1, logicV2, gateway].filter((n) => matchesNode(expr, n))).toEqual([logicV2]);
    expect(matchesEdge(expr, toV2)).toBe(false);
  });

  it('combines with AND before OR, and with parentheses', () => {
    expect(matchesEdge(parsed('rps > 5 AND %error > 1 OR responseTime > 150'), toV2)).toBe(true);
    expect(matchesEdge(parsed('rps > 5 and (%error > 1 or responseTime > 150)'), toV2)).toBe(false);
    expect(matchesEdge(parsed('rps > 5 && %error < 1'), toV1)).toBe(true);
    expect(matchesNode(parsed('app = sa-logic AND version = v1'), logicV1)).toBe(true);
    expect(matchesNode(parsed('app = sa-logic AND version = v1'), logicV2)).toBe(false);
    // OR may mix nodes and edges: each element matches the part that is about it.
    const mixed = parsed('name = sa-logic OR %error > 1');
    expect(matchesNode(mixed, logicV1)).toBe(true);
    expect(matchesEdge(mixed, toV2)).toBe(true);
    expect(matchesEdge(mixed, toV1)).toBe(false);
  });

  it('finds roots and outsiders', () => {
    expect(matchesNode(parsed('root'), gateway)).toBe(true);
    expect(matchesNode(parsed('outside'), logicV1)).toBe(false);
    expect(matchesNode(parsed('not outside'), logicV1)).toBe(true);
  });

  it.each([
    ['', 'the expression is empty'],
    ['rps >', "expected a value after 'rps >'"],
    ['rps > fast', "rps needs a number, not 'fast'"],
    ['speed > 3', "unknown criterion 'speed'"],
    ['name > 3', 'name compares with = or !=, not >'],
    ['(rps > 1', "the '(' at position 1 is never closed"],
    ['rps > 1)', "a ')' at position 8 has no '('"],
    ['rps > 1 %error > 2', "expected AND or OR before '%error'"],
    ['name = a AND rps > 1', 'AND cannot join a node criterion'],
    ['name = "sa', 'never closed'],
    ['rps', 'rps needs a comparison'],
    ['mtls = 1', 'mtls takes no value'],
  ])('says what is wrong with %j', (text, message) => {
    const result = parseFind(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});
