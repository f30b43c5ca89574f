// The access-log settings of the mesh: MeshConfig's accessLogEncoding and accessLogFormat, as Istio keeps them in the
// `mesh` key (YAML) of the `istio` ConfigMap in its root namespace (istio.io, reference/config/istio.mesh.v1alpha1).
import { parse } from 'yaml';
import type { AccessLogFormatConfig } from './access-log-parser.js';

/**
 * The settings in the ConfigMap's `mesh` text. Absent or unreadable: Istio's default (TEXT, its default format), so
 * lines are still read when the ConfigMap is missing or Sextant may not read it.
 */
export function meshAccessLogConfig(meshYaml: string | null | undefined): AccessLogFormatConfig {
  if (!meshYaml) return { encoding: 'TEXT', format: null };
  let mesh: unknown;
  try {
    mesh = parse(meshYaml);
  } catch {
    return { encoding: 'TEXT', format: null };
  }
  const m = (typeof mesh === 'object' && mesh !== null ? mesh : {}) as Record<string, unknown>;
  const encoding = String(m['accessLogEncoding'] ?? 'TEXT').toUpperCase() === 'JSON' ? 'JSON' : 'TEXT';
  const raw = m['accessLogFormat'];
  const format = typeof raw === 'string' && raw.trim() ? raw : null;
  return { encoding, format };
}
