// A log line's trace link opens the trace view on the entity's own page, whose path names apps "applications".
import { describe, expect, it } from 'vitest';
import { traceViewUrl } from '../../../../components/logs/trace-view-url.js';

describe("a log line's trace link", () => {
  it("opens the Traces tab with the trace, on the entity's page", () => {
    expect(traceViewUrl({ namespace: 'demo', resource: 'apps', name: 'sa-logic' }, 'abc123')).toBe(
      '/namespaces/demo/applications/sa-logic?tab=traces&trace=abc123',
    );
    expect(traceViewUrl({ namespace: 'demo', resource: 'services', name: 'sa-logic' }, 'abc123')).toBe(
      '/namespaces/demo/services/sa-logic?tab=traces&trace=abc123',
    );
  });
});
