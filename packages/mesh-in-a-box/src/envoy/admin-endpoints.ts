/** One admin path: whether it changes server state (Envoy accepts those only as POST) and what it prints. */
export interface AdminEndpoint {
  path: string;
  mutates: boolean;
  help: string;
}

// The paths Envoy 1.32's admin registers; the descriptions are ours.
export const ADMIN_ENDPOINTS: AdminEndpoint[] = [
  { path: '/', mutates: false, help: 'admin home page' },
  { path: '/certs', mutates: false, help: 'loaded TLS certificates' },
  { path: '/clusters', mutates: false, help: 'upstream clusters and their hosts' },
  {
    path: '/config_dump',
    mutates: false,
    help: 'the loaded configuration (bootstrap, clusters, listeners, routes, secrets)',
  },
  { path: '/contention', mutates: false, help: 'mutex contention statistics, when tracing is enabled' },
  { path: '/cpuprofiler', mutates: true, help: 'turn the CPU profiler on or off' },
  { path: '/drain_listeners', mutates: true, help: 'drain the listeners' },
  { path: '/healthcheck/fail', mutates: true, help: 'make the server fail health checks' },
  { path: '/healthcheck/ok', mutates: true, help: 'make the server pass health checks' },
  { path: '/heap_dump', mutates: false, help: 'the current heap profile, when supported' },
  { path: '/heapprofiler', mutates: true, help: 'turn the heap profiler on or off' },
  { path: '/help', mutates: false, help: 'this list of admin commands' },
  { path: '/hot_restart_version', mutates: false, help: 'the hot restart compatibility version' },
  { path: '/init_dump', mutates: false, help: 'targets the init manager still waits for' },
  { path: '/listeners', mutates: false, help: 'listeners and their addresses' },
  { path: '/logging', mutates: true, help: 'list or change log levels' },
  { path: '/memory', mutates: false, help: 'current memory allocation and heap usage' },
  { path: '/quitquitquit', mutates: true, help: 'shut the server down' },
  { path: '/ready', mutates: false, help: 'the server state; 200 when LIVE, 503 otherwise' },
  { path: '/reopen_logs', mutates: true, help: 'reopen the access logs' },
  { path: '/reset_counters', mutates: true, help: 'set every counter back to zero' },
  { path: '/runtime', mutates: false, help: 'runtime values' },
  { path: '/runtime_modify', mutates: true, help: 'add or change runtime values given as query parameters' },
  { path: '/server_info', mutates: false, help: 'server version and state' },
  { path: '/stats', mutates: false, help: 'server statistics' },
  { path: '/stats/prometheus', mutates: false, help: 'server statistics in Prometheus text format' },
  { path: '/stats/recentlookups', mutates: false, help: 'recent stat-name lookups' },
  { path: '/stats/recentlookups/clear', mutates: true, help: 'clear the recent stat-name lookups' },
  { path: '/stats/recentlookups/disable', mutates: true, help: 'stop recording stat-name lookups' },
  { path: '/stats/recentlookups/enable', mutates: true, help: 'start recording stat-name lookups' },
];

const byPath = new Map(ADMIN_ENDPOINTS.map((e) => [e.path, e]));

export function adminEndpoint(path: string): AdminEndpoint | undefined {
  return byPath.get(path);
}

/** The command list Envoy prints for /help and after "invalid path." on a 404. */
export function adminHelpText(): string {
  const lines = ADMIN_ENDPOINTS.map((e) => `  ${e.path}${e.mutates ? ' (POST)' : ''}: ${e.help}`);
  return `admin commands are:\n${lines.join('\n')}\n`;
}

export function adminHomeHtml(): string {
  const rows = ADMIN_ENDPOINTS.filter((e) => !e.mutates)
    .map((e) => `<tr><td><a href=".${e.path}">${e.path}</a></td><td>${e.help}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>\n<html><head><title>Envoy Admin</title></head><body>\n<table>\n${rows}\n</table>\n</body></html>\n`;
}
