// A console span for unit tests: only what a test sets differs from a plain, untagged span.
import type { Span } from '../../../../lib/api/traces.js';

export function testSpan(span: Pick<Span, 'spanId'> & Partial<Span>): Span {
  return {
    parentId: null,
    service: 's',
    operation: span.spanId,
    startTime: 0,
    duration: 0,
    pod: null,
    namespace: null,
    requestId: null,
    error: false,
    tags: {},
    ...span,
  };
}
