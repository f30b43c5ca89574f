import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniqueIds } from '../../../server/validation/entries.js';
import { validate } from '../../../server/validation/engine.js';
import { loadFiles } from '../../../server/validation/io/load-files.js';
import type { Entry } from '../../../server/validation/types.js';
import { FIXTURES } from '../../helpers/fixtures.js';
import { CASES_DIR } from './cases.js';

const BOOKINFO = join(FIXTURES, 'bookinfo');
const SENTIMENT = join(FIXTURES, 'sentiment-analysis');

/** The fixture's objects with the broken variant's objects replacing their namesakes (as kubectl apply would). */
function withVariant(folder: string, variant: string): Entry[] {
  const base = loadFiles([folder], 'default').entries;
  const broken = loadFiles([join(CASES_DIR, 'broken', variant)], 'default').entries;
  const replaced = new Set(broken.map((e) => e.id));
  return uniqueIds([...base.filter((e) => !replaced.has(e.id.split('#')[0]!)), ...broken]);
}

const errorsOf = (entries: Entry[]) =>
  validate(entries)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name} ${f.path}`);

describe('the real manifests in ../shared/fixtures', () => {
  it('finds no errors in bookinfo (platform and networking samples together)', () => {
    const loaded = loadFiles([BOOKINFO], 'default');
    expect(loaded.findings).toEqual([]);
    expect(errorsOf(loaded.entries)).toEqual([]);
  });

  it('finds no errors in sentiment-analysis', () => {
    const loaded = loadFiles([SENTIMENT], 'default');
    expect(loaded.findings).toEqual([]);
    expect(errorsOf(loaded.entries)).toEqual([]);
  });

  it('reports each line of bookinfo findings in its file', () => {
    const findings = validate(loadFiles([BOOKINFO], 'default').entries);
    const gateway = findings.find((f) => f.ruleId === 'gw.selector-no-workload');
    expect(gateway).toMatchObject({ file: expect.stringContaining('bookinfo-gateway.yaml'), line: 8 });
  });

  it('flags reviews routed to a subset v4 that no DestinationRule defines', () => {
    const entries = withVariant(BOOKINFO, 'bookinfo-reviews-v4.yaml');
    expect(errorsOf(entries)).toEqual([
      'vs.subset-not-found VirtualService/reviews spec.http[0].route[1].destination.subset',
    ]);
    const f = validate(entries).find((x) => x.ruleId === 'vs.subset-not-found')!;
    expect(f).toMatchObject({ codes: ['KIA1107', 'IST0101'], line: 17 });
    expect(f.message).toContain('"v1", "v2", "v3"');
  });

  it('flags ratings routed to a version nobody deploys, and a misspelt gateway', () => {
    const entries = withVariant(BOOKINFO, 'bookinfo-ratings-v2.yaml');
    expect(errorsOf(entries).sort()).toEqual([
      'dr.subset-no-pods DestinationRule/ratings spec.subsets[1].labels',
      'vs.gateway-not-found VirtualService/bookinfo spec.gateways[0]',
    ]);
  });

  it('flags mTLS turned off under a STRICT mesh, and a destination host that does not exist', () => {
    const entries = withVariant(SENTIMENT, 'sentiment-mtls-and-hosts.yaml');
    expect(errorsOf(entries).sort()).toEqual([
      'dr.disable-vs-mesh-strict DestinationRule/no-mtls spec.trafficPolicy.tls.mode',
      'vs.host-not-found VirtualService/sa-logic spec.http[0].route[0].destination.host',
    ]);
  });
});
