import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders, servedOverHttps } from '../../../server/security-headers.js';

/** The policy as directive → sources, so a test reads one directive at a time. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

const facts = { nonce: 'bm9uY2UtZm9yLXRlc3Q=', https: false, dev: false };

describe('contentSecurityPolicy', () => {
  it("allows scripts by the request's nonce and what they load, never inline ones", () => {
    const scripts = directives(contentSecurityPolicy(facts)).get('script-src');
    expect(scripts).toEqual(["'self'", "'nonce-bm9uY2UtZm9yLXRlc3Q='", "'strict-dynamic'"]);
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
  });

  it("adds 'unsafe-eval' for next dev only", () => {
    expect(directives(contentSecurityPolicy({ ...facts, dev: true })).get('script-src')).toContain("'unsafe-eval'");
  });

  it('refuses plugins, other bases, framing, and forms or fetches to other origins', () => {
    const policy = directives(contentSecurityPolicy(facts));
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('lets styles be inline without a nonce, which would make browsers ignore unsafe-inline', () => {
    const styles = directives(contentSecurityPolicy(facts)).get('style-src');
    expect(styles).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('loads images from the console and data: URLs only', () => {
    expect(directives(contentSecurityPolicy(facts)).get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('carries a different nonce for a different request', () => {
    expect(contentSecurityPolicy({ ...facts, nonce: 'b3RoZXI=' })).toContain("'nonce-b3RoZXI='");
    expect(contentSecurityPolicy({ ...facts, nonce: 'b3RoZXI=' })).not.toContain(facts.nonce);
  });
});

describe('securityHeaders', () => {
  it('sends nosniff, a same-origin referrer, DENY framing and the CSP over http, without HSTS', () => {
    const headers = securityHeaders(facts);
    expect(headers).toEqual({
      'Content-Security-Policy': contentSecurityPolicy(facts),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    });
  });

  it('adds a one-year HSTS for this host when served over https', () => {
    expect(securityHeaders({ ...facts, https: true })['Strict-Transport-Security']).toBe('max-age=31536000');
  });
});

describe('servedOverHttps', () => {
  it("reads the request's own protocol when no proxy names one", () => {
    expect(servedOverHttps({ protocol: 'https:', forwardedProto: null })).toBe(true);
    expect(servedOverHttps({ protocol: 'http:', forwardedProto: null })).toBe(false);
  });

  it('believes a proxy that terminated TLS, by the first hop of X-Forwarded-Proto', () => {
    expect(servedOverHttps({ protocol: 'http:', forwardedProto: 'https' })).toBe(true);
    expect(servedOverHttps({ protocol: 'http:', forwardedProto: 'HTTPS, http' })).toBe(true);
    expect(servedOverHttps({ protocol: 'https:', forwardedProto: 'http' })).toBe(false);
  });

  it('falls back to the protocol when X-Forwarded-Proto is empty', () => {
    expect(servedOverHttps({ protocol: 'https:', forwardedProto: '' })).toBe(true);
  });
});
