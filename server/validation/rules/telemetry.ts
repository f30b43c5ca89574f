// Telemetry providers, as istio/istio decides them:
// - pkg/config/analysis/analyzers/telemetry/providers.go (IST0157): an access-logging entry that is not disabled and
//   names no provider is ignored when the mesh config has no defaultProviders.accessLogging. Tracing and metrics
//   entries without providers use the default providers, and Istio does not report them.
// - pilot/pkg/model/telemetry.go fetchProvider: a provider name that is not among the mesh config's
//   extensionProviders (case-insensitive; prometheus, stackdriver and envoy are built in) is skipped silently.
// - pkg/config/analysis/analyzers/telemetry/lightstep.go (IST0002): tracing through a Lightstep provider is deprecated.
// The selector analyzers (IST0159, IST0160) are in selectors.ts.
import type { Rule, RuleContext } from '../context.js';
import { arr, obj, spec, str } from '../util.js';
import { BUILTIN_PROVIDERS, meshConfigOf, meshConfigUnknown } from './mesh-config.js';

const SECTIONS = ['tracing', 'metrics', 'accessLogging'] as const;

function checkEmptyAccessLogging(ctx: RuleContext) {
  const e = ctx.entry;
  const mesh = meshConfigOf(ctx);
  const defaults = arr(mesh?.defaultProviders['accessLogging']);
  if (defaults.length > 0) return;
  arr(spec(e)['accessLogging']).forEach((item, i) => {
    const l = obj(item);
    if (l['disabled'] === true || arr(l['providers']).length > 0) return;
    ctx.report({
      ruleId: 'telemetry.empty-providers',
      codes: ['IST0157'],
      severity: mesh ? 'warning' : 'info',
      message:
        `accessLogging[${i}] names no provider, and ${mesh ? `the mesh config (ConfigMap ${mesh.source.namespace}/${mesh.source.name}) sets` : 'Istio by default sets'} no defaultProviders.accessLogging, so Istio ignores it and no access log is written. Name a provider (e.g. envoy, which logs to the proxy's stdout).` +
        (mesh
          ? ''
          : ` This cannot be told for sure, as ${meshConfigUnknown(ctx)}: if meshConfig.defaultProviders.accessLogging is set there, that provider is used.`),
      path: `spec.accessLogging[${i}]${l['providers'] !== undefined ? '.providers' : ''}`,
    });
  });
}

function checkProviderNames(ctx: RuleContext) {
  const mesh = meshConfigOf(ctx);
  const s = spec(ctx.entry);
  for (const section of SECTIONS)
    arr(s[section]).forEach((item, i) =>
      arr(obj(item)['providers']).forEach((p, j) => {
        const name = str(obj(p)['name']);
        if (!name) return;
        const key = name.toLowerCase();
        const path = `spec.${section}[${i}].providers[${j}].name`;
        if (mesh) {
          const provider = mesh.providers.get(key);
          if (!provider)
            ctx.report({
              ruleId: 'telemetry.unknown-provider',
              severity: 'warning',
              message: `Provider "${name}" is not among the extensionProviders of the mesh config (ConfigMap ${mesh.source.namespace}/${mesh.source.name}: ${[...mesh.providers.keys()].join(', ')}), so istiod skips it and this ${section} entry does nothing. Define the provider in meshConfig.extensionProviders or fix the name.`,
              path,
            });
          else if (section === 'tracing' && provider['lightstep'] !== undefined)
            ctx.report({
              ruleId: 'telemetry.lightstep-deprecated',
              codes: ['IST0002'],
              severity: 'warning',
              message: `Provider "${name}" is a Lightstep provider, which Istio deprecates; migrate to an OpenTelemetry provider.`,
              path,
            });
        } else if (!BUILTIN_PROVIDERS.includes(key))
          ctx.report({
            ruleId: 'telemetry.unknown-provider',
            severity: 'info',
            message: `Provider "${name}" is not one of Istio's built-in providers (${BUILTIN_PROVIDERS.join(', ')}), and ${meshConfigUnknown(ctx)}, so whether meshConfig.extensionProviders defines it cannot be told; istiod skips an undefined provider silently, and then this ${section} entry does nothing.`,
            path,
          });
      }),
    );
}

export const telemetryRules: Rule[] = [
  {
    kinds: ['Telemetry'],
    check(ctx) {
      checkEmptyAccessLogging(ctx);
      checkProviderNames(ctx);
    },
  },
];
