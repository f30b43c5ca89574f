// The API server's rules for names (k8s.io/apimachinery/pkg/util/validation/validation.go): namespaces are RFC 1123
// labels (IsDNS1123Label, at most 63 characters), most object names RFC 1123 subdomains (IsDNS1123Subdomain, at
// most 253 characters: labels joined by dots).
import { describe, expect, it } from 'vitest';
import { namespaceName, objectName } from '../../../lib/kube-names.js';

const messageOf = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('Kubernetes names', () => {
  it('accepts a namespace name of lower case letters, digits and dashes, up to 63 characters', () => {
    expect(namespaceName.parse('istio-system')).toBe('istio-system');
    expect(namespaceName.safeParse('a'.repeat(63)).success).toBe(true);
  });

  it('refuses a namespace name with a dot, a capital, an edge dash or 64 characters, saying what a name holds', () => {
    for (const bad of ['demo.prod', 'Demo', '-demo', 'demo-', ''])
      expect(messageOf(namespaceName.safeParse(bad))).toMatch(/^a namespace name: lower case alphanumeric/);
    expect(messageOf(namespaceName.safeParse('a'.repeat(64)))).toBe('a namespace name: at most 63 characters');
  });

  it('accepts an object name made of labels joined by dots, and refuses an empty label', () => {
    expect(objectName.parse('reviews.v2-canary')).toBe('reviews.v2-canary');
    expect(messageOf(objectName.safeParse('reviews..v2'))).toMatch(/^a Kubernetes object name: /);
    expect(messageOf(objectName.safeParse('reviews.-v2'))).toMatch(/^a Kubernetes object name: /);
    expect(objectName.safeParse('a'.repeat(254)).success).toBe(false);
  });
});
