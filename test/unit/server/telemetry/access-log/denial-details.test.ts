// Envoy's %RESPONSE_CODE_DETAILS% read once for the graph and the Security tab.
import { describe, expect, it } from 'vitest';
import { causeOfDetails } from '../../../../../server/telemetry/access-log/denial-details.js';

describe('the cause of a refusal read from Envoy’s response details', () => {
  it('names a DENY rule’s policy, no ALLOW match, the JWT filter with its reason, ext_authz, else nothing', () => {
    expect(causeOfDetails('rbac_access_denied_matched_policy[ns[demo]-policy[deny-get]-rule[1]]')).toEqual({
      kind: 'deny-rule',
      namespace: 'demo',
      name: 'deny-get',
      rule: 1,
    });
    expect(causeOfDetails('rbac_access_denied_matched_policy[none]')).toEqual({ kind: 'no-allow' });
    expect(causeOfDetails('jwt_authn_access_denied{Jwt_is_expired}')).toEqual({
      kind: 'jwt',
      reason: 'Jwt is expired',
    });
    expect(causeOfDetails('ext_authz_denied')).toEqual({ kind: 'external' });
    expect(causeOfDetails('via_upstream')).toBeNull();
  });
});
