// What the integration project's global setup (the mesh in a box's own, packages/mesh-in-a-box/test/global-setup.ts:
// one mesh process and a real Prometheus scraping it) provides to the tests through inject().
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    mesh: { endpoints: Record<string, string>; kubeconfig: string; startedAtMs: number };
    prometheus: { url: string };
  }
}
