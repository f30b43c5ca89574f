import { describe, expect, it } from 'vitest';
import {
  codeRatesByEntity,
  inboundQuery,
  namespaceTraffic,
  outboundQuery,
} from '../../../../server/mesh/traffic-queries.js';

const sample = (labels: Record<string, string>, value: number) => ({ metric: labels, value });
const inbound = (reporter: string, workload: string, code: string, value: number) =>
  sample(
    {
      reporter,
      destination_workload_namespace: 'demo',
      destination_workload: workload,
      destination_canonical_service: 'sa-logic',
      request_protocol: 'http',
      response_code: code,
      grpc_response_status: '',
    },
    value,
  );

describe('the traffic queries', () => {
  it('ask once for every workload of the namespace, split by workload and code inside Prometheus', () => {
    const q = inboundQuery('demo', '5m');
    expect(q).toContain('sum by (destination_workload_namespace, destination_workload,');
    expect(q).toContain('{destination_workload_namespace="demo"}[5m]');
    expect(outboundQuery('demo', '1m')).toContain('reporter="source",source_workload_namespace="demo"');
  });

  it('split the whole mesh by app only for the overview, with every reporter inbound', () => {
    const q = inboundQuery(null, '5m', 'app');
    expect(q).toMatch(/^sum by \(destination_workload_namespace, destination_canonical_service, reporter, /);
    expect(q).toContain('{destination_workload_namespace!=""}[5m]');
    expect(outboundQuery(null, '5m', 'app')).toMatch(
      /^sum by \(source_workload_namespace, source_canonical_service, request_protocol/,
    );
  });
});

describe('code rates per entity', () => {
  it('merges the reporters as Kiali does: per code, the larger of the two reports', () => {
    const rates = codeRatesByEntity(
      [
        inbound('source', 'sa-logic-v1', '200', 9),
        inbound('destination', 'sa-logic-v1', '200', 10),
        inbound('source', 'sa-logic-v1', '503', 1),
      ],
      { namespace: 'destination_workload_namespace', name: 'destination_workload' },
      true,
    );
    expect(rates.get('demo/sa-logic-v1')).toEqual(
      expect.arrayContaining([
        { protocol: 'http', code: '200', rps: 10 },
        { protocol: 'http', code: '503', rps: 1 },
      ]),
    );
    expect(rates.get('demo/sa-logic-v1')).toHaveLength(2);
  });
  it('sums the workloads of an app keyed by canonical service', () => {
    const rates = codeRatesByEntity(
      [inbound('destination', 'sa-logic-v1', '200', 9), inbound('destination', 'sa-logic-v2', '200', 1)],
      { namespace: 'destination_workload_namespace', name: 'destination_canonical_service' },
      true,
    );
    expect(rates.get('demo/sa-logic')).toEqual([{ protocol: 'http', code: '200', rps: 10 }]);
  });
  it('ignores unknown destinations', () => {
    const rates = codeRatesByEntity(
      [inbound('source', 'unknown', '503', 1)],
      { namespace: 'destination_workload_namespace', name: 'destination_workload' },
      true,
    );
    expect(rates.size).toBe(0);
  });
});

describe('the traffic of the lists', () => {
  const answers = {
    inbound: [inbound('destination', 'sa-logic-v1', '200', 3), inbound('destination', 'sa-logic-v2', '500', 1)],
    outbound: [],
    services: [],
  };

  it('splits a namespace by workload and by app', () => {
    const traffic = namespaceTraffic(answers, 'workload');
    expect(traffic.workloadsIn.get('demo/sa-logic-v2')).toEqual([{ protocol: 'http', code: '500', rps: 1 }]);
    expect(traffic.appsIn.get('demo/sa-logic')).toEqual([
      { protocol: 'http', code: '200', rps: 3 },
      { protocol: 'http', code: '500', rps: 1 },
    ]);
  });

  it('leaves the workloads out at the app grain, whose queries did not split by workload', () => {
    const traffic = namespaceTraffic(answers, 'app');
    expect(traffic.workloadsIn.size).toBe(0);
    expect(traffic.appsIn.get('demo/sa-logic')).toHaveLength(2);
  });
});
