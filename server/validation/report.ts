// Findings → output: text (one `file:line` line per finding, as compilers print), JSON, and SARIF 2.1.0 for code
// scanning UIs.
import type { Finding, Severity } from './types.js';
import { SEVERITY_RANK } from './types.js';

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  objects: number;
  files: number;
}

export function summarize(findings: Finding[], objects: number, files: number): Summary {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info'), objects, files };
}

export const failing = (findings: Finding[], threshold: Severity) =>
  findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);

const where = (f: Finding) => (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(cluster)');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(findings: Finding[], summary: Summary): string {
  const lines = findings.map((f) => {
    const obj =
      f.object.kind === 'File'
        ? ''
        : ` ${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}`;
    const codes = f.codes.length ? ` [${f.codes.join(', ')}]` : '';
    return `${where(f)}: ${f.severity}${codes}${obj}${f.path ? ` ${f.path}` : ''}: ${f.message} (${f.ruleId})`;
  });
  const source = summary.files > 0 ? ` from ${plural(summary.files, 'file')}` : '';
  lines.push(
    `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.infos} info in ${plural(summary.objects, 'object')}${source}.`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatJson(findings: Finding[], summary: Summary): string {
  return `${JSON.stringify({ summary, findings }, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Where a finding's file is, for SARIF: a path relative to the source root, or an absolute file: URI outside it. */
export interface SarifPlace {
  uri: string;
  underRoot: boolean;
}

/**
 * SARIF 2.1.0: one run, one rule per Sextant rule id, one result per finding, located by file and line.
 * `srcRoot` (a file: URI ending in /) is what relative URIs are relative to: code scanning resolves them against the
 * checkout, so they must be relative to the repository root, not to the directory the command ran in.
 */
export function formatSarif(
  findings: Finding[],
  toolVersion: string,
  where: { srcRoot?: string; place?: (file: string) => SarifPlace } = {},
): string {
  const place = where.place ?? ((file: string) => ({ uri: file.split('\\').join('/'), underRoot: true }));
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const firstOf = new Map<string, Finding>();
  for (const f of findings) if (!firstOf.has(f.ruleId)) firstOf.set(f.ruleId, f);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        ...(where.srcRoot ? { originalUriBaseIds: { [SRCROOT]: { uri: where.srcRoot } } } : {}),
        tool: {
          driver: {
            name: 'sextant',
            version: toolVersion,
            informationUri: 'https://github.com/sextant/sextant#validation',
            rules: ruleIds.map((id) => {
              const f = firstOf.get(id)!;
              return {
                id,
                name: id,
                shortDescription: { text: f.codes.length ? `${id} (${f.codes.join(', ')})` : id },
                properties: { codes: f.codes },
                defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
              };
            }),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              ...(f.file
                ? {
                    physicalLocation: {
                      artifactLocation: artifactOf(place(f.file), where.srcRoot),
                      region: { startLine: Math.max(1, f.line ?? 1) },
                    },
                  }
                : {}),
              logicalLocations: [
                {
                  name: f.object.name,
                  fullyQualifiedName: `${f.object.kind}/${f.object.namespace}/${f.object.name}${f.path ? `#${f.path}` : ''}`,
                  kind: 'resource',
                },
              ],
            },
          ],
          properties: { codes: f.codes, object: f.object, path: f.path },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const SRCROOT = '%SRCROOT%';
const artifactOf = (p: SarifPlace, srcRoot: string | undefined) =>
  p.underRoot && srcRoot ? { uri: p.uri, uriBaseId: SRCROOT } : { uri: p.uri };
