// A run as the cluster keeps it (a ConfigMap beside the service) and back, as a restarted console reads it.
import { describe, expect, it } from 'vitest';
import {
  canaryConfigMapName,
  runFromConfigMap,
  runToConfigMap,
} from '../../../../../server/traffic/canary/run-record.js';
import { decideStep } from '../../../../../server/traffic/canary/decide-step.js';
import { at, healthy, startedRun } from './canary-fixtures.js';

const run = decideStep(startedRun(), healthy(startedRun().spec), at(30)).run;

describe('runToConfigMap and runFromConfigMap', () => {
  it('names the ConfigMap after the service and labels it as Sextant’s canary run', () => {
    const cm = runToConfigMap(run, 'VirtualService/demo/sa-logic=1012');
    expect(canaryConfigMapName('sa-logic')).toBe('sextant-canary-sa-logic');
    expect(cm).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'sextant-canary-sa-logic',
        namespace: 'demo',
        labels: { 'sextant.dev/canary-run': 'sa-logic', 'app.kubernetes.io/managed-by': 'sextant' },
      },
      data: { lastToken: 'VirtualService/demo/sa-logic=1012' },
    });
    expect(Object.keys(cm.metadata)).toEqual(['name', 'namespace', 'labels']);
  });

  it('reads back the same run and last token, as a restarted console resumes it', () => {
    // Through JSON, as the API server stores and serves it.
    const served = JSON.parse(JSON.stringify(runToConfigMap(run, 'token-1')));
    expect(runFromConfigMap(served)).toEqual({ run, lastToken: 'token-1' });
    expect(runFromConfigMap(runToConfigMap(run, null))).toEqual({ run, lastToken: null });
  });

  it('says which ConfigMap holds no run, or a damaged one, and what to do', () => {
    const cm = runToConfigMap(run, null);
    expect(runFromConfigMap({ ...cm, data: {} })).toEqual({
      error: 'ConfigMap demo/sextant-canary-sa-logic has no data key run.json: it holds no canary run',
    });
    expect(runFromConfigMap({ ...cm, data: { 'run.json': '{"id":' } })).toEqual({
      error: expect.stringMatching(
        /^ConfigMap demo\/sextant-canary-sa-logic: run.json is not JSON \(.+\); delete the ConfigMap to start over$/,
      ),
    });
    const { phase: _phase, ...noPhase } = run;
    void _phase;
    const damaged = runFromConfigMap({ ...cm, data: { 'run.json': JSON.stringify(noPhase) } });
    expect(damaged).toEqual({ error: expect.stringContaining('run.json is not a canary run') });
    expect(damaged).toEqual({ error: expect.stringContaining('phase') });
  });
});
