import { kubectl } from '@sextant/mesh-in-a-box';

export { kubectl };
export { FIXTURES } from './fixtures.js';

/** A colleague's `kubectl patch --type json` of demo's sa-logic VirtualService (vs) or DestinationRule (dr). */
export function patchSaLogic(kubeconfig: string, kind: 'vs' | 'dr', ops: Record<string, unknown>[]): Promise<string> {
  return kubectl(kubeconfig, ['-n', 'demo', 'patch', kind, 'sa-logic', '--type', 'json', '-p', JSON.stringify(ops)]);
}

/** Points the first route of demo's sa-logic VirtualService at a subset (v3 breaks it: no DestinationRule has it). */
export function routeSaLogicTo(kubeconfig: string, subset: string): Promise<string> {
  return patchSaLogic(kubeconfig, 'vs', [
    { op: 'replace', path: '/spec/http/0/route/0/destination/subset', value: subset },
  ]);
}
