// What `npm run demo` prints once everything answers: one `name: URL` line per endpoint a person opens or points a
// tool at, in the order they need them, then `ready`. Scripts read these lines as `npm run mesh`'s are read.
export function demoBanner(demo: {
  consoleUrl: string;
  kubeconfig: string;
  prometheusUrl?: string;
  /** The mesh in a box's own lines: kubernetes, jaeger, truth, ingress, … */
  mesh: Record<string, string>;
  /** The issuer people log in at, when the console logs them in at the mesh's Keycloak. */
  keycloak?: string;
}): string[] {
  const lines = [`console: ${demo.consoleUrl}`, `kubeconfig: ${demo.kubeconfig}`];
  // ingress: the gateway's front door, which the article's curl steps use.
  for (const name of ['kubernetes', 'jaeger', 'truth', 'ingress'] as const) {
    const url = demo.mesh[name];
    if (url) lines.push(`${name}: ${url}`);
  }
  if (demo.keycloak) lines.push(`keycloak: ${demo.keycloak}`);
  if (demo.prometheusUrl) lines.push(`prometheus: ${demo.prometheusUrl}`);
  lines.push('ready');
  return lines;
}
