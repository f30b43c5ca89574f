import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES, loadConfig } from '../../../server/config.js';

const dir = mkdtempSync(join(tmpdir(), 'sextant-config-'));
const notInCluster = false;

describe('the configuration', () => {
  it('reads the environment with defaults: no Prometheus or Jaeger, istio-system, Kiali tolerances', () => {
    const config = loadConfig({ KUBECONFIG: '/tmp/kc' }, notInCluster);
    expect(config.kubernetes).toEqual({ kubeconfig: '/tmp/kc', contexts: [], inCluster: false, timeoutMs: 10_000 });
    expect(config.prometheus).toBeNull();
    expect(config.jaeger).toBeNull();
    expect(config.istioNamespace).toBe('istio-system');
    expect(config.health.tolerances).toEqual(DEFAULT_TOLERANCES);
  });

  it('takes several contexts, one cluster each, and Prometheus with a bearer token', () => {
    const config = loadConfig(
      {
        KUBECONFIG: '/tmp/kc',
        SEXTANT_KUBE_CONTEXTS: 'east, west',
        PROMETHEUS_URL: 'https://thanos.example:9090',
        PROMETHEUS_TOKEN: 'secret',
        PROMETHEUS_TIMEOUT_MS: '5000',
      },
      notInCluster,
    );
    expect(config.kubernetes.contexts).toEqual(['east', 'west']);
    expect(config.prometheus).toEqual({ url: 'https://thanos.example:9090', token: 'secret', timeoutMs: 5000 });
  });

  it('uses the service account in a pod when no kubeconfig is given', () => {
    expect(loadConfig({}, true).kubernetes.inCluster).toBe(true);
  });

  it('names the bad setting: a Prometheus URL that is not a URL', () => {
    expect(() => loadConfig({ PROMETHEUS_URL: 'prometheus:9090' }, notInCluster)).toThrow(
      /PROMETHEUS_URL: an http\(s\) URL such as http:\/\/prometheus:9090/,
    );
  });

  it('refuses credentials inside a source URL without repeating them', () => {
    const load = () => loadConfig({ JAEGER_URL: 'http://admin:hunter2@jaeger:16686' }, notInCluster);
    expect(load).toThrow(/JAEGER_URL: must not hold credentials \(user:password@\)/);
    expect(load).not.toThrow(/hunter2/);
    expect(loadConfig({ PROMETHEUS_URL: 'http://p:9090/?q=a@b' }, notInCluster).prometheus?.url).toBe(
      'http://p:9090/?q=a@b',
    );
  });

  it('names the bad setting: a basic-auth user without a password', () => {
    expect(() => loadConfig({ PROMETHEUS_URL: 'http://p:9090', PROMETHEUS_USERNAME: 'me' }, notInCluster)).toThrow(
      /PROMETHEUS_PASSWORD/,
    );
  });

  it('names the bad setting: a missing CA file', () => {
    expect(() =>
      loadConfig({ PROMETHEUS_URL: 'http://p:9090', PROMETHEUS_CA_FILE: join(dir, 'nope.pem') }, notInCluster),
    ).toThrow(/PROMETHEUS_CA_FILE: .*nope\.pem does not exist/);
  });

  it('reads a YAML file, with the environment winning, and health tolerances from it', () => {
    const file = join(dir, 'sextant.yaml');
    writeFileSync(
      file,
      [
        'istioNamespace: mesh-system',
        'jaeger: { url: "http://tempo:3200/jaeger" }',
        'prometheus: { url: "http://file-prometheus:9090", timeoutMs: 3000 }',
        'health:',
        '  tolerances:',
        '    - { code: "5XX", protocol: http, degraded: 1, failure: 5 }',
      ].join('\n'),
    );
    const config = loadConfig({ SEXTANT_CONFIG: file, PROMETHEUS_URL: 'http://env-prometheus:9090' }, notInCluster);
    expect(config.istioNamespace).toBe('mesh-system');
    expect(config.jaeger?.url).toBe('http://tempo:3200/jaeger');
    expect(config.prometheus).toEqual({ url: 'http://env-prometheus:9090', timeoutMs: 3000 });
    expect(config.health.tolerances).toEqual([
      { code: '5XX', protocol: 'http', direction: '.*', degraded: 1, failure: 5 },
    ]);
  });

  it('names the bad setting inside the file', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ health: { tolerances: [{ code: '(', degraded: 1, failure: 5 }] } }));
    expect(() => loadConfig({ SEXTANT_CONFIG: file }, notInCluster)).toThrow(
      `health.tolerances.0.code in ${file}: a valid regular expression`,
    );
    expect(() =>
      loadConfig({ SEXTANT_HEALTH_TOLERANCES: '[{"code":"(","degraded":1,"failure":5}]' }, notInCluster),
    ).toThrow('SEXTANT_HEALTH_TOLERANCES: a valid regular expression');
  });

  it('refuses a bad ISTIO_NAMESPACE', () => {
    expect(() => loadConfig({ ISTIO_NAMESPACE: 'Istio System' }, notInCluster)).toThrow(
      /ISTIO_NAMESPACE: a namespace name/,
    );
  });

  it('keeps the audit log in istio-system unless SEXTANT_AUDIT_NAMESPACE names another, and refuses a bad one', () => {
    expect(loadConfig({}, notInCluster).audit).toEqual({ namespace: 'istio-system' });
    expect(loadConfig({ SEXTANT_AUDIT_NAMESPACE: 'sextant' }, notInCluster).audit).toEqual({ namespace: 'sextant' });
    expect(() => loadConfig({ SEXTANT_AUDIT_NAMESPACE: 'Not A Namespace' }, notInCluster)).toThrow(
      /SEXTANT_AUDIT_NAMESPACE: a namespace name/,
    );
  });

  it('runs the canary runner every 2 s with a 10 s floor on intervals, unless SEXTANT_CANARY_* say otherwise', () => {
    expect(loadConfig({}, notInCluster).canary).toEqual({ runner: true, tickMs: 2_000, minIntervalSeconds: 10 });
    expect(
      loadConfig(
        { SEXTANT_CANARY_RUNNER: 'off', SEXTANT_CANARY_TICK_MS: '500', SEXTANT_CANARY_MIN_INTERVAL_SECONDS: '2' },
        notInCluster,
      ).canary,
    ).toEqual({ runner: false, tickMs: 500, minIntervalSeconds: 2 });
    expect(() => loadConfig({ SEXTANT_CANARY_RUNNER: 'maybe' }, notInCluster)).toThrow(
      /SEXTANT_CANARY_RUNNER: on or off/,
    );
    expect(() => loadConfig({ SEXTANT_CANARY_MIN_INTERVAL_SECONDS: 'ten' }, notInCluster)).toThrow(
      /SEXTANT_CANARY_MIN_INTERVAL_SECONDS/,
    );
  });
});
