// Weights the planner refuses, each with the field named and what it accepts: Istio requires a route's weights to
// be integers adding up to 100 (istio.io reference/config/networking/virtual-service, HTTPRouteDestination.weight),
// and a split needs versions of the service to split between.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planTraffic } from '../../../../server/traffic/plan-traffic.js';
import type { PlanInput } from '../../../../server/traffic/plan-types.js';
import { BOOKINFO, fixtureInput, saLogic } from './fixture-input.js';

const problems = (input: PlanInput, weights: Record<string, unknown>) => {
  const result = planTraffic(input, { weights: weights as Record<string, number> });
  return result.ok ? [] : result.problems;
};
const article = () => saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');

describe('planTraffic refuses weights', () => {
  it('that are not whole numbers', () => {
    expect(problems(article(), { v1: 87.5, v2: 12.5 })).toEqual([
      { field: 'weights.v1', message: 'a whole number from 0 to 100, not 87.5' },
      { field: 'weights.v2', message: 'a whole number from 0 to 100, not 12.5' },
    ]);
    expect(problems(article(), { v1: '90', v2: 10 })).toEqual([
      { field: 'weights.v1', message: 'a whole number from 0 to 100, not "90"' },
    ]);
  });

  it('that are negative or over 100', () => {
    expect(problems(article(), { v1: 110, v2: -10 })).toEqual([
      { field: 'weights.v1', message: 'a whole number from 0 to 100, not 110' },
      { field: 'weights.v2', message: 'a whole number from 0 to 100, not -10' },
    ]);
  });

  it('that do not add up to 100, naming the versions', () => {
    expect(problems(article(), { v1: 90, v2: 20 })).toEqual([
      {
        field: 'weights',
        message: 'the weights add up to 110; they must add up to 100 (sa-logic has versions v1 and v2)',
      },
    ]);
  });

  it('for a version the service does not have, naming those it has', () => {
    expect(problems(article(), { v1: 90, v3: 10 })).toEqual([
      { field: 'weights.v3', message: 'sa-logic has no version v3; sa-logic has versions v1 and v2' },
    ]);
  });

  it('when none is named', () => {
    expect(problems(article(), {})).toEqual([
      { field: 'weights', message: 'name at least one version: sa-logic has versions v1 and v2' },
    ]);
  });

  it('that name one version twice, by its name and by its subset’s', () => {
    const input = article();
    input.destinationRules[0]!.spec = { host: 'sa-logic', subsets: [{ name: 'stable', labels: { version: 'v1' } }] };
    expect(problems(input, { v1: 50, stable: 50 })).toEqual([
      { field: 'weights.stable', message: 'stable is version v1, already given as v1; give each version once' },
    ]);
  });

  it('for a service with one version, which cannot be split', () => {
    const productpage = fixtureInput({ service: 'productpage', kube: [join(BOOKINFO, 'kube/bookinfo.yaml')] });
    expect(problems(productpage, { v1: 100 })).toEqual([
      {
        field: 'weights',
        message:
          'productpage has version v1: there is nothing to split; deploy a second version with its own version label',
      },
    ]);
  });

  it('when the default route redirects instead of routing', () => {
    const input = article();
    input.virtualServices[0]!.spec!.http = [{ redirect: { uri: '/v2' } }];
    expect(problems(input, { v1: 90, v2: 10 })).toEqual([
      {
        field: 'weights',
        message:
          'the default route of VirtualService sa-logic has redirect instead of destinations; change it by hand, or remove it to let Sextant split the traffic',
      },
    ]);
  });
});
