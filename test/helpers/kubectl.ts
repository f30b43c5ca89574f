import { kubectl } from '@sextant/mesh-in-a-box';

export { kubectl };
export { FIXTURES } from './fixtures.js';

/** Points the first route of demo's sa-logic VirtualService at a subset (v3 breaks it: no DestinationRule has it). */
export function routeSaLogicTo(kubeconfig: string, subset: string): Promise<string> {
  const patch = [{ op: 'replace', path: '/spec/http/0/route/0/destination/subset', value: subset }];
  return kubectl(kubeconfig, [
    '-n',
    'demo',
    'patch',
    'virtualservice',
    'sa-logic',
    '--type',
    'json',
    '-p',
    JSON.stringify(patch),
  ]);
}
