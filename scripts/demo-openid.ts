// `SEXTANT_AUTH_STRATEGY=openid npm run demo` with no SEXTANT_OIDC_ISSUER: people log in to the console as the article's
// Keycloak users, at the mesh's own Keycloak (the sentiment-analysis scenario's, reached through the ingress gateway as
// the article's learner reaches it), and the mesh's API server trusts that Keycloak for the ID tokens the console sends
// with the same claims, as kube-apiserver's --oidc-* flags would. The users' rights are deploy/demo/article-users.yaml.
import { resolve } from 'node:path';
import { kubectl } from '@sextant/mesh-in-a-box';

export interface DemoOpenid {
  /** Keycloak names itself after the URL it is reached at, so this is the ingress' URL as the browser uses it. */
  issuer: string;
  ingressPort: number;
  /** The mesh's --ingress-port and --oidc-* flags. */
  meshArgs: string[];
  /** The console's SEXTANT_OIDC_* settings. */
  consoleEnv: Record<string, string>;
}

/** The article's users (password `password`) and what their rights in deploy/demo/article-users.yaml let them do. */
export const ARTICLE_LOGINS = [
  { username: 'user', rights: 'sees namespace demo (the app, its routing and telemetry), changes nothing' },
  { username: 'beta', rights: 'sees namespace demo, changes nothing' },
  { username: 'moderator', rights: 'in group moderator: sees namespace demo and may change its traffic' },
] as const;

// The realm the article's users and the console's client `sextant` live in (the article uses Keycloak's master).
const REALM = 'master';
const CLIENT_ID = 'sextant';

/** The demo's own Keycloak login, or undefined when the strategy is another or an issuer was given. */
export async function demoOpenid(options: {
  env: Record<string, string | undefined>;
  scenario: string;
  /** The mesh's listening address, which the browser and the console reach the ingress at. */
  meshHost: string;
  /** --ingress-port, else a free port: asked only when the demo's Keycloak is used. */
  ingressPort: () => Promise<number>;
}): Promise<DemoOpenid | undefined> {
  const { env } = options;
  if (env['SEXTANT_AUTH_STRATEGY'] !== 'openid' || env['SEXTANT_OIDC_ISSUER']) return undefined;
  if (options.scenario !== 'sentiment-analysis')
    throw new Error(
      `SEXTANT_AUTH_STRATEGY=openid: only the sentiment-analysis scenario runs a Keycloak to log in at, not ${options.scenario}; ` +
        'use --scenario sentiment-analysis or set SEXTANT_OIDC_ISSUER to your own provider',
    );
  const ingressPort = await options.ingressPort();
  const issuer = `http://${options.meshHost}:${ingressPort}/auth/realms/${REALM}`;
  const usernameClaim = 'preferred_username';
  const groupsClaim = 'groups';
  return {
    issuer,
    ingressPort,
    meshArgs: [
      '--ingress-port',
      String(ingressPort),
      '--oidc-issuer-url',
      issuer,
      '--oidc-client-id',
      CLIENT_ID,
      '--oidc-username-claim',
      usernameClaim,
      // '-': no prefix, so RBAC names the users `user`, `beta` and `moderator`, as the console shows them.
      '--oidc-username-prefix',
      '-',
      '--oidc-groups-claim',
      groupsClaim,
    ],
    consoleEnv: {
      SEXTANT_OIDC_ISSUER: issuer,
      SEXTANT_OIDC_CLIENT_ID: CLIENT_ID,
      SEXTANT_OIDC_USERNAME_CLAIM: usernameClaim,
      SEXTANT_OIDC_GROUPS_CLAIM: groupsClaim,
    },
  };
}

/** The article's users' rights, applied as a person would: Istio's kinds into view/edit, then the bindings. */
export async function grantArticleUsers(root: string, kubeconfig: string): Promise<void> {
  const files = ['deploy/rbac/istio-view-edit.yaml', 'deploy/demo/article-users.yaml'].map((f) => resolve(root, f));
  try {
    await kubectl(kubeconfig, ['apply', ...files.flatMap((f) => ['-f', f])]);
  } catch (err) {
    throw new Error(
      `could not give the article's users their rights (kubectl apply -f ${files.join(' -f ')}; is kubectl on PATH?): ${(err as Error).message}`,
    );
  }
}

/** What the demo prints on start: where to log in, as whom, and what each one sees. */
export function loginHelp(consoleUrl: string, issuer: string): string[] {
  return [
    `log in at ${consoleUrl} through the mesh's Keycloak (${issuer}), password "password" for each of:`,
    ...ARTICLE_LOGINS.map((l) => `  ${l.username.padEnd(10)} ${l.rights}`),
  ];
}
