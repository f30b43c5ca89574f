import { describe, expect, it } from 'vitest';
import { demoBanner } from '../../../scripts/demo-banner.js';

describe("the demo's endpoint lines", () => {
  it('names the console, the kubeconfig, the Kubernetes API, Jaeger, the ground truth, the ingress gateway front door and Prometheus, then ready', () => {
    const lines = demoBanner({
      consoleUrl: 'http://127.0.0.1:3000',
      kubeconfig: '/tmp/demo/kubeconfig',
      prometheusUrl: 'http://127.0.0.1:9091',
      mesh: {
        kubernetes: 'http://127.0.0.1:41231',
        metrics: 'http://127.0.0.1:39117/metrics',
        jaeger: 'http://127.0.0.1:45521',
        truth: 'http://127.0.0.1:39117/truth',
        ingress: 'http://127.0.0.1:43907',
        kubeconfig: '/tmp/demo/kubeconfig',
      },
    });
    expect(lines).toEqual([
      'console: http://127.0.0.1:3000',
      'kubeconfig: /tmp/demo/kubeconfig',
      'kubernetes: http://127.0.0.1:41231',
      'jaeger: http://127.0.0.1:45521',
      'truth: http://127.0.0.1:39117/truth',
      'ingress: http://127.0.0.1:43907',
      'prometheus: http://127.0.0.1:9091',
      'ready',
    ]);
  });

  it("adds the mesh's Keycloak issuer after the ingress when people log in there", () => {
    const lines = demoBanner({
      consoleUrl: 'http://127.0.0.1:3000',
      kubeconfig: '/tmp/demo/kubeconfig',
      mesh: { ingress: 'http://127.0.0.1:41999' },
      keycloak: 'http://127.0.0.1:41999/auth/realms/master',
    });
    expect(lines.slice(-3)).toEqual([
      'ingress: http://127.0.0.1:41999',
      'keycloak: http://127.0.0.1:41999/auth/realms/master',
      'ready',
    ]);
  });
});
