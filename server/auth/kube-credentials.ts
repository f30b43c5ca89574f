// Turns the console's own request options (KubeConfig.applyToHTTPSOptions: the server's CA, the console's token or
// client certificate) into the options of a call made for a user. Pure: the Kubernetes source applies it per call.
import type { RequestOptions } from 'node:https';
import { RefusedError } from '../errors.js';
import { requireDeclared } from '../sources/kube-calls.js';
import type { KubeCredentials } from './request-user.js';

type Headers = Record<string, string | string[] | number | undefined>;

/**
 * A name as kubectl and client-go put it in a header: its UTF-8 bytes, which the API server reads back as the name.
 * Node writes a header string's characters as Latin-1 bytes and throws on any above U+00FF, so the name goes as the
 * Latin-1 characters standing for its UTF-8 bytes ("Zoë" would otherwise reach the server as another user's name). A
 * control character fits in no header (RFC 9110 §5.5; Go's client refuses it too): that name cannot be acted as.
 */
export function headerBytes(name: string): string {
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    throw new RefusedError(
      403,
      'impersonation_impossible',
      `the name ${JSON.stringify(name)} from the login holds a control character, which no Kubernetes request header can carry; fix the claim at the OpenID provider (or the proxy's header)`,
    );
  return Buffer.from(name, 'utf8').toString('latin1');
}

export function requestOptionsFor(consoleOptions: RequestOptions, credentials: KubeCredentials): RequestOptions {
  if (credentials.kind === 'console') return consoleOptions;
  const headers: Headers = { ...(consoleOptions.headers as Headers | undefined) };
  if (credentials.kind === 'impersonate') {
    requireDeclared({ verb: 'impersonate', group: '', resource: 'users' });
    if (credentials.groups.length > 0) requireDeclared({ verb: 'impersonate', group: '', resource: 'groups' });
    // The API server reads Impersonate-Group once per group (k8s.io/apiserver filters/impersonation.go).
    headers['Impersonate-User'] = headerBytes(credentials.user);
    if (credentials.groups.length > 0) headers['Impersonate-Group'] = credentials.groups.map(headerBytes);
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
