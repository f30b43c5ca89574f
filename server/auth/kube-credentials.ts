// Turns the console's own request options (KubeConfig.applyToHTTPSOptions: the server's CA, the console's token or
// client certificate) into the options of a call made for a user. Pure: the Kubernetes source applies it per call.
import type { RequestOptions } from 'node:https';
import { requireDeclared } from '../sources/kube-calls.js';
import type { KubeCredentials } from './request-user.js';

type Headers = Record<string, string | string[] | number | undefined>;

export function requestOptionsFor(consoleOptions: RequestOptions, credentials: KubeCredentials): RequestOptions {
  if (credentials.kind === 'console') return consoleOptions;
  const headers: Headers = { ...(consoleOptions.headers as Headers | undefined) };
  if (credentials.kind === 'impersonate') {
    requireDeclared({ verb: 'impersonate', group: '', resource: 'users' });
    if (credentials.groups.length > 0) requireDeclared({ verb: 'impersonate', group: '', resource: 'groups' });
    // The API server reads Impersonate-Group once per group (k8s.io/apiserver filters/impersonation.go).
    headers['Impersonate-User'] = credentials.user;
    if (credentials.groups.length > 0) headers['Impersonate-Group'] = credentials.groups;
    return { ...consoleOptions, headers };
  }
  // The user's token alone: the console's own client certificate (in the options and in the agent client-node built
  // from them) or basic auth would authenticate the request as the console, so they go with the console's token; the
  // server's CA and TLS settings stay, and https.request builds its agent from them.
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
  headers['Authorization'] = `Bearer ${credentials.token}`;
  const {
    cert: _cert,
    key: _key,
    pfx: _pfx,
    passphrase: _passphrase,
    agent: _agent,
    auth: _auth,
    ...rest
  } = consoleOptions;
  return { ...rest, headers };
}
