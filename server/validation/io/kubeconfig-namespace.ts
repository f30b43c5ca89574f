// The namespace kubectl gives objects that name none: the kubeconfig context's (kubectl resolves it from the kubeconfig
// even for --local and --dry-run=client, which never call the cluster), else "default". Read without the Kubernetes
// client so offline validation stays fast; KUBECONFIG may list several files, merged as kubectl merges them (the
// first current-context and the first context of that name win).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name?: string; context?: { namespace?: string } }[];
}

function read(file: string): Kubeconfig | undefined {
  try {
    return existsSync(file) ? ((parse(readFileSync(file, 'utf8')) as Kubeconfig | null) ?? undefined) : undefined;
  } catch {
    return undefined; // an unreadable kubeconfig leaves the default; --cluster reports it when it needs the file
  }
}

export function kubeconfigNamespace(context?: string, env: NodeJS.ProcessEnv = process.env): string {
  const files = env['KUBECONFIG']
    ? env['KUBECONFIG'].split(delimiter).filter(Boolean)
    : [join(homedir(), '.kube', 'config')];
  const configs = files.map(read).filter((c): c is Kubeconfig => c !== undefined);
  const name = context ?? configs.find((c) => c['current-context'])?.['current-context'];
  if (!name) return 'default';
  for (const c of configs) {
    const found = c.contexts?.find((x) => x.name === name);
    if (found) return found.context?.namespace || 'default';
  }
  return 'default';
}
