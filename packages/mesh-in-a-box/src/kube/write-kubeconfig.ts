import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_ADMIN_TOKEN } from './auth/kube-auth.js';

export interface KubeconfigOptions {
  server: string;
  /** The context's default namespace; 'demo' unless given. */
  namespace?: string;
  /** The name of the cluster, user and context; 'mesh-in-a-box' unless given. */
  context?: string;
  /** The user's bearer token: the mesh's static admin token unless given. */
  token?: string;
}

/**
 * Writes a kubeconfig that kubectl and client-node use as it is: the plain-http server, the admin's bearer token
 * (user mesh-admin in system:masters, bound to cluster-admin) and a current context with a default namespace. Synchronous: it runs once at
 * start-up, and the file must exist before anyone is told where it is.
 */
export function writeKubeconfig(file: string, options: KubeconfigOptions): void {
  const name = options.context ?? 'mesh-in-a-box';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    // client-node 1.x refuses a plain-http server unless TLS verification is off; kubectl ignores the flag for http.
    clusters: [{ name, cluster: { server: options.server, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: { token: options.token ?? DEFAULT_ADMIN_TOKEN } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: options.namespace ?? 'demo' } }],
    'current-context': name,
    preferences: {},
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(config), { mode: 0o600 });
}
