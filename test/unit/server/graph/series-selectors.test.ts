import { describe, expect, it } from 'vitest';
import { edgeMatchers } from '../../../../server/graph/series-selectors.js';

describe('the matchers of an edge', () => {
  it('select the caller, the callee and the protocol of the edge', () => {
    expect(edgeMatchers('wl:demo:sa-webapp>wl:demo:sa-logic>grpc')).toEqual([
      'source_workload_namespace="demo"',
      'source_workload="sa-webapp"',
      'destination_workload_namespace="demo"',
      'destination_workload="sa-logic"',
      'request_protocol="grpc"',
    ]);
  });

  it('select by service when the edge leaves a service node', () => {
    expect(edgeMatchers('svc:demo:sa-logic>vapp:demo:sa-logic:v2>http')).toEqual([
      'destination_service_namespace="demo"',
      'destination_service_name="sa-logic"',
      'destination_workload_namespace="demo"',
      'destination_canonical_service="sa-logic"',
      'destination_canonical_revision="v2"',
      'request_protocol="http"',
    ]);
  });
});
