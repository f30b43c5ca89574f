// The synthetic mesh as its own process (`npm run mesh`), for benches that time the console against it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeshChild } from '@sextant/mesh-in-a-box';

export function startSyntheticMeshChild(options: { workloads: number; namespaces: number }) {
  return startMeshChild({
    kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
    args: [
      '--scenario',
      'synthetic',
      '--workloads',
      String(options.workloads),
      '--namespaces',
      String(options.namespaces),
      '--seed',
      '1',
    ],
  });
}
