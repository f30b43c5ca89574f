// `sextant validate`: Istio configuration validation from the command line, for CI. Reads files, folders or stdin
// (multi-document YAML, kustomize output), or the live cluster; never writes anything.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Validator } from './validation/engine.js';
import { overlay, uniqueIds } from './validation/entries.js';
import { kubeconfigNamespace } from './validation/io/kubeconfig-namespace.js';
import { loadFiles } from './validation/io/load-files.js';
import { sarifPlaces } from './validation/io/source-root.js';
import { loadYaml } from './validation/load-yaml.js';
import { failing, formatJson, formatSarif, formatText, summarize } from './validation/report.js';
import { DEFAULT_IGNORE } from './validation/suppress.js';
import type { Entry, Finding, MeshFacts, Severity } from './validation/types.js';

const VERSION = '0.1.0';

const USAGE = `Usage: sextant validate [files or folders...] [options]

Validates Istio configuration (and the Kubernetes objects it refers to) as Kiali and istioctl analyze do.
With no files, or with "-", reads YAML from stdin (e.g. kustomize build . | sextant validate).

Options:
  -n, --namespace <ns>     namespace for objects that name none, as kubectl apply -n (default: the kubeconfig
                           context's namespace, else default); with --cluster and no files, report only that one
      --cluster            validate the live cluster of the current kubeconfig context (--context to pick another);
                           with files, check them against the cluster as if applied, and report only their findings
      --context <name>     kubeconfig context for --cluster and for the namespace of objects that name none
  -o, --format <fmt>       text (default), json or sarif
      --fail-on <level>    exit 1 when a finding at this level or above exists: error (default), warning or info
      --ignore <codes>     comma-separated codes or rule ids never to report (default: ${DEFAULT_IGNORE.join(',')})
      --enable <codes>     comma-separated codes to report although ignored by default (e.g. KIA1301)
      --mesh <key=value>   mesh facts: rootNamespace, autoMtls, trustDomain, outboundTrafficPolicy, clusterDomain
                           (repeatable; e.g. --mesh autoMtls=false --mesh outboundTrafficPolicy=REGISTRY_ONLY)
  -h, --help               this help

Exit codes: 0 no finding at or above --fail-on; 1 some; 2 the command could not run (bad option, unreadable cluster).`;

class UsageError extends Error {}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => string;
  stdinIsTty: boolean;
  cwd: string;
}

function meshFacts(values: string[]): Partial<MeshFacts> {
  const mesh: Partial<MeshFacts> = {};
  for (const v of values) {
    const [key, value] = v.split('=', 2) as [string, string | undefined];
    if (value === undefined) throw new UsageError(`--mesh ${v}: expected key=value`);
    if (key === 'autoMtls' || key === 'autoAllocateIps') mesh[key] = value === 'true';
    else if (key === 'outboundTrafficPolicy') {
      if (value !== 'ALLOW_ANY' && value !== 'REGISTRY_ONLY')
        throw new UsageError('--mesh outboundTrafficPolicy must be ALLOW_ANY or REGISTRY_ONLY');
      mesh.outboundTrafficPolicy = value;
    } else if (key === 'rootNamespace' || key === 'trustDomain' || key === 'clusterDomain') mesh[key] = value;
    else if (key === 'trustDomainAliases' || key === 'gatewayClasses') mesh[key] = value.split(',');
    else throw new UsageError(`--mesh ${key}: unknown mesh fact`);
  }
  return mesh;
}

const codes = (v: string | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === '-h' || command === '--help' || command === undefined) {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (command !== 'validate') throw new UsageError(`unknown command "${command}"`);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        namespace: { type: 'string', short: 'n' },
        cluster: { type: 'boolean' },
        context: { type: 'string' },
        format: { type: 'string', short: 'o', default: 'text' },
        'fail-on': { type: 'string', default: 'error' },
        ignore: { type: 'string' },
        enable: { type: 'string' },
        mesh: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'sarif')
      throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
    const failOn = values['fail-on'] as Severity;
    if (!['error', 'warning', 'info'].includes(failOn))
      throw new UsageError(`--fail-on must be error, warning or info, not "${failOn}"`);
    const enabled = new Set(codes(values.enable));
    const ignore = (values.ignore !== undefined ? codes(values.ignore) : DEFAULT_IGNORE).filter((c) => !enabled.has(c));
    const mesh = meshFacts(values.mesh ?? []);
    // As kubectl: a namespace-less object goes to -n, else the kubeconfig context's namespace, else default.
    const namespace = values.namespace ?? kubeconfigNamespace(values.context);

    let entries: Entry[] = [];
    let findings: Finding[] = [];
    let files = 0;
    const paths = positionals.filter((p) => p !== '-');
    // With --cluster, stdin is read only when asked for with "-" (the cluster alone is a complete input).
    const readStdin = values.cluster
      ? positionals.includes('-')
      : positionals.length === 0 || positionals.includes('-');
    if (readStdin && positionals.length === 0 && io.stdinIsTty)
      throw new UsageError('give files or folders to validate, or pipe YAML to stdin');
    if (paths.length > 0) {
      const loaded = loadFiles(paths, namespace, io.cwd);
      entries.push(...loaded.entries);
      findings.push(...loaded.findings);
      files += new Set(loaded.entries.map((e) => e.source?.file)).size;
    }
    if (readStdin) {
      const loaded = loadYaml(io.readStdin(), '<stdin>', namespace);
      entries.push(...loaded.entries);
      findings.push(...loaded.findings);
      files += 1;
    }
    uniqueIds(entries);
    const checkFilesOnly = values.cluster && files > 0;
    const fileObjects = entries.length;
    if (values.cluster) {
      const { loadCluster } = await import('./validation/io/load-cluster.js');
      // The files are checked against the live cluster, as it would be once they are applied.
      entries = overlay(await loadCluster({ context: values.context }), entries);
    }
    const validator = new Validator(entries, {
      mesh,
      ignore,
      // Without --cluster the files are all Sextant knows: a reference they do not hold may exist in the cluster.
      ...(values.cluster ? { namespacesComplete: true } : { offline: true }),
    });
    const found = validator.findings();
    findings = [...findings, ...(checkFilesOnly ? found.filter((f) => f.file !== undefined) : found)];
    if (values.cluster && !checkFilesOnly && values.namespace)
      findings = findings.filter((f) => f.object.namespace === values.namespace);
    const summary = summarize(findings, checkFilesOnly ? fileObjects : entries.length, files);
    io.stdout(
      format === 'json'
        ? formatJson(findings, summary)
        : format === 'sarif'
          ? formatSarif(findings, VERSION, sarifPlaces(io.cwd))
          : formatText(findings, summary),
    );
    return failing(findings, failOn) ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`sextant: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`sextant: ${(err as Error).message}\n`);
    return 2;
  }
}

/** The process entry point (bin/sextant.js runs this, bundled or through tsx). */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: () => readFileSync(0, 'utf8'),
    stdinIsTty: !!process.stdin.isTTY,
    cwd: process.cwd(),
  });
  // Let stdout drain before exiting (a pipe to `head` or a CI log may be slow).
  process.exitCode = code;
}
