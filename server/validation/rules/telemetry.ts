// Telemetry: provider lists that turn a section into a no-op (IST0157).
import type { Rule } from '../context.js';
import { arr, obj, spec } from '../util.js';

export const telemetryRules: Rule[] = [
  {
    kinds: ['Telemetry'],
    check(ctx) {
      const s = spec(ctx.entry);
      for (const section of ['tracing', 'metrics', 'accessLogging'])
        arr(s[section]).forEach((item, i) => {
          const providers = obj(item)['providers'];
          if (Array.isArray(providers) && providers.length === 0)
            ctx.report({
              ruleId: 'telemetry.empty-providers',
              codes: ['IST0157'],
              severity: 'warning',
              message: `${section}[${i}] lists no providers, so it configures nothing; name a provider from the mesh config (e.g. prometheus, envoy) or drop the empty list to use the default.`,
              path: `spec.${section}[${i}].providers`,
            });
        });
    },
  },
];
