import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../server/validation/catalogue.js';
import { toEntry, uniqueIds } from '../../../server/validation/entries.js';
import { validate, validatePlanned, Validator } from '../../../server/validation/engine.js';
import { ValidationIndex } from '../../../server/validation/index.js';
import { loadYaml } from '../../../server/validation/load-yaml.js';
import type { K8sObject } from '../../../server/validation/types.js';
import { FIXTURES } from '../../helpers/fixtures.js';

const BOOKINFO_SUBSET = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: bookinfo }
spec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: bookinfo }
spec: { template: { metadata: { labels: { app: reviews, version: v1 } }, spec: { containers: [{ name: r, image: r }] } } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
`;

const vs = (subset: string): K8sObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset } }] }] },
});

describe('the validation engine', () => {
  it('names the file and line of the offending field', () => {
    const loaded = loadYaml(BOOKINFO_SUBSET.replace('subset: v1\n', 'subset: v3\n'), 'reviews.yaml', 'default');
    const [finding] = validate(loaded.entries).filter((f) => f.severity === 'error');
    expect(finding).toMatchObject({
      ruleId: 'vs.subset-not-found',
      code: 'KIA1107',
      codes: ['KIA1107', 'IST0101'],
      object: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
      path: 'spec.http[0].route[0].destination.subset',
      file: 'reviews.yaml',
      line: 26,
    });
    expect(finding!.message).toMatch(/subset "v3".*DestinationRule bookinfo\/reviews.*"v1"/);
  });

  it('checks a planned object before a write, without changing the live validator', () => {
    const v = new Validator(loadYaml(BOOKINFO_SUBSET, 'f.yaml', 'default').entries);
    expect(v.findings().filter((f) => f.severity === 'error')).toEqual([]);
    const planned = validatePlanned([toEntry(vs('v3'), 'default')], v);
    expect(planned.map((f) => f.ruleId)).toContain('vs.subset-not-found');
    expect(v.findings().filter((f) => f.severity === 'error')).toEqual([]);
    expect(validatePlanned([toEntry(vs('v1'), 'default')], v).filter((f) => f.severity === 'error')).toEqual([]);
    // A planner's plain object works too.
    expect(validatePlanned([vs('v9')], v).map((f) => f.ruleId)).toContain('vs.subset-not-found');
  });

  it('checks a planned object against a bare index too', () => {
    const index = new ValidationIndex(loadYaml(BOOKINFO_SUBSET, 'f.yaml', 'default').entries);
    const planned = validatePlanned([toEntry(vs('v2'), 'default')], index);
    expect(planned.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual([
      'spec.http[0].route[0].destination.subset',
    ]);
  });

  it('re-validates only the objects a change can affect', () => {
    const others: K8sObject[] = Array.from({ length: 50 }, (_, i) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: `dr-${i}`, namespace: `ns-${i}` },
      spec: { host: `svc-${i}` },
    }));
    const v = new Validator(
      uniqueIds([...loadYaml(BOOKINFO_SUBSET, 'f.yaml', 'x').entries, ...others.map((o) => toEntry(o, 'x'))]),
    );
    const touched = v.update({ upsert: [toEntry(vs('v3'), 'default')] });
    expect(touched.has('VirtualService/bookinfo/reviews')).toBe(true);
    expect(touched.size).toBeLessThan(6);
    expect(v.findingsFor('VirtualService/bookinfo/reviews').map((f) => f.ruleId)).toEqual(['vs.subset-not-found']);
  });

  it('reports a rule that fails on an object as IST0001 instead of throwing', () => {
    const hostile = toEntry(
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'hostile' },
        spec: {
          hosts: ['x'],
          get http(): unknown {
            throw new Error('boom');
          },
        },
      } as K8sObject,
      'default',
    );
    const findings = validate([hostile]);
    expect(findings.some((f) => f.codes.includes('IST0001') && f.message.includes('boom'))).toBe(true);
  });

  it('silences codes listed in options.ignore', () => {
    const entries = loadYaml(BOOKINFO_SUBSET.replace('subset: v1\n', 'subset: v3\n'), 'f.yaml', 'default').entries;
    expect(validate(entries, { ignore: ['KIA1107'] }).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('the code catalogue', () => {
  const reference = join(FIXTURES, '../reference/validation-codes.md');
  it.skipIf(!existsSync(reference))('lists every KIA and IST code of the reference, covered or with a reason', () => {
    const text = readFileSync(reference, 'utf8');
    // Codes in table rows of the catalogue sections (not the retired ones, which are listed in prose or as retired).
    const live = new Set<string>();
    for (const line of text.split('\n')) {
      const m = /^\| (KIA\d{4}|IST\d{4}|GWAPI) \|/.exec(line);
      if (m && !/Retired|Removed|renumbered|Renamed/i.test(line)) live.add(m[1]!);
    }
    expect(live.size).toBeGreaterThan(130);
    expect([...live].filter((c) => !CATALOGUE[c]).sort()).toEqual([]);
  });

  it('gives a reason for every code it does not check', () => {
    for (const [code, cov] of Object.entries(CATALOGUE))
      if (cov.status !== 'covered') expect(cov.reason.length, code).toBeGreaterThan(20);
  });
});
