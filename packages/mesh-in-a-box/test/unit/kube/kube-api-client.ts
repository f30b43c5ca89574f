import { startKubeApi, type KubeApi } from '../../../src/kube/start-kube-api.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { GR } from '../../../src/store/resource-types.js';

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The texts of the Warning headers, unquoted. */
  warnings: string[];
}

/** A store with the demo namespace behind a started kube API, and a raw HTTP client for it. */
export async function startTestApi(): Promise<{ store: ObjectStore; api: KubeApi; call: typeof call }> {
  const store = new ObjectStore();
  store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  const api = await startKubeApi({ store });
  async function call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<ApiAnswer> {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const warnings = [...(res.headers.get('warning') ?? '').matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) =>
      m[1]!.replace(/\\(.)/g, '$1'),
    );
    return { status: res.status, body: await res.json(), warnings };
  }
  return { store, api, call };
}
