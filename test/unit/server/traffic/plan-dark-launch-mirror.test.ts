// Dark launch and mirroring on the article's sa-logic. Istio's rules: http routes are tried in order, so Sextant's
// matched route goes first; header names in a match are lowercase; a cookie is matched as a regex on the `cookie`
// header; `mirror` copies requests of a route and `mirrorPercentage` says how many (absent: all)
// (istio.io reference/config/networking/virtual-service: VirtualService.http, HTTPMatchRequest, HTTPRoute).
import { describe, expect, it } from 'vitest';
import { cookieRegex, parseCookieRegex } from '../../../../server/traffic/cookie-match.js';
import { reviews, saLogic } from './fixture-input.js';
import { httpAfter, objectOf, planOf, problemsOf } from './plan-helpers.js';

const article = () => saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
const v1Route = { route: [{ destination: { host: 'sa-logic', subset: 'v1' }, weight: 100 }] };
const betaToV2 = { version: 'v2', match: { header: 'X-Usertype', value: 'beta', mode: 'exact' as const } };

describe('planTraffic: dark launch', () => {
  it('sends requests with the header to v2 by a route first in http, the rest keeping their route', () => {
    const plan = planOf(article(), { darkLaunch: betaToV2 });
    expect(httpAfter(plan)).toEqual([
      {
        name: 'sextant-dark-launch',
        match: [{ headers: { 'x-usertype': { exact: 'beta' } } }],
        route: [{ destination: { host: 'sa-logic', subset: 'v2' } }],
      },
      v1Route,
    ]);
    expect(plan.summary[0]).toBe('send requests whose header x-usertype is beta to v2; the rest keep their route');
  });

  it('matches by prefix or regex as asked, and by cookie through the cookie header', () => {
    const prefix = planOf(article(), {
      darkLaunch: { version: 'v2', match: { header: 'x-group', value: 'beta', mode: 'prefix' } },
    });
    expect(httpAfter(prefix)[0]?.match).toEqual([{ headers: { 'x-group': { prefix: 'beta' } } }]);
    const cookie = planOf(article(), {
      darkLaunch: { version: 'v2', match: { cookie: 'user', value: 'beta.tester' } },
    });
    expect(httpAfter(cookie)[0]?.match).toEqual([
      { headers: { cookie: { regex: '^(.*?; ?)?(user=beta\\.tester)(;.*)?$' } } },
    ]);
  });

  it('replaces its own route when launched again, and null removes that route and only it', () => {
    const input = article();
    input.virtualServices[0]!.spec = planOf(input, { darkLaunch: betaToV2 }).objects[0]!.after!.spec as never;
    const again = planOf(input, { darkLaunch: { ...betaToV2, match: { ...betaToV2.match, value: 'gamma' } } });
    expect(httpAfter(again)).toHaveLength(2);
    expect(httpAfter(again)[0]?.match).toEqual([{ headers: { 'x-usertype': { exact: 'gamma' } } }]);
    const removed = planOf(input, { darkLaunch: null });
    expect(httpAfter(removed)).toEqual([v1Route]);
    expect(removed.summary[0]).toBe('remove the dark launch (route sextant-dark-launch)');
  });

  it('adds the version’s missing subset to the DestinationRule', () => {
    const input = article();
    input.destinationRules[0]!.spec = { host: 'sa-logic', subsets: [{ name: 'v1', labels: { version: 'v1' } }] };
    const plan = planOf(input, { darkLaunch: betaToV2 });
    expect(objectOf(plan, 'DestinationRule')?.patch).toEqual([
      { op: 'add', path: '/spec/subsets/1', value: { name: 'v2', labels: { version: 'v2' } } },
    ]);
  });

  it('goes before Bookinfo’s own header route to reviews v2, which stays as it was', () => {
    const input = reviews('virtual-service-reviews-test-v2.yaml', 'destination-rule-all.yaml');
    const before = structuredClone(input.virtualServices[0]!.spec!.http) as unknown[];
    const plan = planOf(input, { darkLaunch: { ...betaToV2, version: 'v3' } });
    expect(httpAfter(plan).slice(1)).toEqual(before);
    expect(httpAfter(plan)[0]?.route).toEqual([{ destination: { host: 'reviews', subset: 'v3' } }]);
  });

  it('creates a VirtualService whose default route keeps sending the rest to the Service as before', () => {
    const plan = planOf(saLogic('sa-logic-dr.yaml'), { darkLaunch: betaToV2 });
    expect(httpAfter(plan)[1]).toEqual({ route: [{ destination: { host: 'sa-logic' } }] });
  });

  it('refuses a version the service does not have, naming the field', () => {
    expect(problemsOf(article(), { darkLaunch: { ...betaToV2, version: 'v9' } })).toEqual([
      { field: 'darkLaunch.version', message: 'sa-logic has no version v9; sa-logic has versions v1 and v2' },
    ]);
  });
});

describe('the cookie regex', () => {
  it('reads back the cookie it was made from', () => {
    expect(parseCookieRegex(cookieRegex('user', 'a.b(c)'))).toEqual({ cookie: 'user', value: 'a.b(c)' });
    expect(parseCookieRegex('^beta$')).toBeNull();
  });

  it('matches the cookie wherever it is in the header, and not a longer name', () => {
    const re = new RegExp(cookieRegex('user', 'beta'));
    expect(re.test('user=beta')).toBe(true);
    expect(re.test('session=1; user=beta; theme=dark')).toBe(true);
    expect(re.test('superuser=beta')).toBe(false);
  });
});

describe('planTraffic: mirroring', () => {
  it('mirrors a percentage of the default route’s requests to a version', () => {
    const plan = planOf(article(), { mirror: { version: 'v2', percent: 10 } });
    expect(httpAfter(plan)).toEqual([
      { ...v1Route, mirror: { host: 'sa-logic', subset: 'v2' }, mirrorPercentage: { value: 10 } },
    ]);
    expect(plan.summary[0]).toBe('mirror 10 % of the requests to v2 (its answers are dropped)');
  });

  it('null removes the mirror and its percentage, and nothing else', () => {
    const input = article();
    input.virtualServices[0]!.spec!.http = [
      { ...v1Route, timeout: '2s', mirror: { host: 'sa-logic', subset: 'v2' }, mirrorPercentage: { value: 10 } },
    ];
    expect(httpAfter(planOf(input, { mirror: null }))).toEqual([{ ...v1Route, timeout: '2s' }]);
  });

  it('mirrors onto the split of the same change', () => {
    const plan = planOf(article(), { weights: { v1: 90, v2: 10 }, mirror: { version: 'v2', percent: 50 } });
    expect(httpAfter(plan)[0]).toMatchObject({ mirror: { subset: 'v2' }, route: [{ weight: 90 }, { weight: 10 }] });
  });

  it('refuses to mirror a TCP-only VirtualService, naming the field', () => {
    const input = saLogic('sa-logic-dr.yaml');
    input.virtualServices.push({
      kind: 'VirtualService',
      metadata: { name: 'sa-logic', namespace: 'default' },
      spec: { hosts: ['sa-logic'], tcp: [{ route: [{ destination: { host: 'sa-logic' } }] }] },
    });
    expect(problemsOf(input, { mirror: { version: 'v2', percent: 10 } })[0]?.field).toBe('mirror');
  });
});
