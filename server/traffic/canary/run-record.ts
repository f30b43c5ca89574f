// A run as the cluster keeps it: a ConfigMap beside the service, so any console replica reads it and a restarted
// console resumes it. data['run.json'] is the run (lib/api/canary.ts canaryRun); data['lastToken'] the plan token
// (resourceVersions) of the run's last applied step, so the next step tells a person's edit since then from its own.
import { z } from 'zod';
import { canaryRun, type CanaryRun } from '../../../lib/api/canary.js';
import type { KubeObject } from '../../sources/kubernetes.js';

export const CANARY_RUN_LABEL = 'sextant.dev/canary-run';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const RUN_KEY = 'run.json';
export const TOKEN_KEY = 'lastToken';

/** `sextant-canary-<service>`: a Service name is a DNS label (≤ 63), so the name stays a valid ConfigMap name. */
export function canaryConfigMapName(service: string): string {
  return `sextant-canary-${service}`;
}

export function runToConfigMap(run: CanaryRun, lastToken: string | null): KubeObject {
  const data: Record<string, string> = { [RUN_KEY]: JSON.stringify(run) };
  if (lastToken !== null) data[TOKEN_KEY] = lastToken;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: canaryConfigMapName(run.service.name),
      namespace: run.service.namespace,
      labels: { [CANARY_RUN_LABEL]: run.service.name, [MANAGED_BY_LABEL]: 'sextant' },
    },
    data,
  };
}

export function runFromConfigMap(cm: KubeObject): { run: CanaryRun; lastToken: string | null } | { error: string } {
  const where = `ConfigMap ${cm.metadata.namespace ?? ''}/${cm.metadata.name}`;
  const data = (cm.data ?? {}) as Record<string, unknown>;
  const text = data[RUN_KEY];
  if (typeof text !== 'string') return { error: `${where} has no data key ${RUN_KEY}: it holds no canary run` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      error: `${where}: ${RUN_KEY} is not JSON (${(err as Error).message}); delete the ConfigMap to start over`,
    };
  }
  const parsed = canaryRun.safeParse(json);
  if (!parsed.success)
    return {
      error: `${where}: ${RUN_KEY} is not a canary run (${z.prettifyError(parsed.error)}); delete the ConfigMap to start over`,
    };
  const token = data[TOKEN_KEY];
  return { run: parsed.data, lastToken: typeof token === 'string' ? token : null };
}
