// Namespaces: injection labels (IST0102 none, IST0123 both).
import type { Rule } from '../context.js';
import { labels } from '../util.js';
import { AMBIENT_LABEL, SYSTEM_NAMESPACES } from './common.js';

export const namespaceRules: Rule[] = [
  {
    kinds: ['Namespace'],
    check(ctx) {
      const e = ctx.entry;
      const l = labels(e);
      if (SYSTEM_NAMESPACES.has(e.name) || e.name === ctx.mesh.rootNamespace) return;
      const injection = l['istio-injection'];
      const rev = l['istio.io/rev'];
      if (injection !== undefined && rev !== undefined)
        ctx.report({
          ruleId: 'namespace.multiple-injection-labels',
          codes: ['IST0123'],
          severity: 'warning',
          message: `Namespace ${e.name} has both istio-injection=${injection} and istio.io/rev=${rev}; istio-injection wins and the revision is ignored. Keep one of them.`,
          path: 'metadata.labels',
        });
      if (injection === undefined && rev === undefined && l[AMBIENT_LABEL] !== 'ambient')
        ctx.report({
          ruleId: 'namespace.not-injected',
          codes: ['IST0102'],
          severity: 'info',
          message: `Namespace ${e.name} is not in the mesh: it has no istio-injection or istio.io/rev label (nor ambient mode). Label it istio-injection=enabled if its pods should get sidecars.`,
          path: 'metadata.labels',
        });
    },
  },
];
