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
      // injection/injection.go: istio-injection counts; istio.io/rev and istio.io/dataplane-mode count beside it only
      // when it is absent or "enabled" (istio-injection=disabled deliberately overrides them).
      const set = [
        ...(injection !== undefined ? [`istio-injection=${injection}`] : []),
        ...['istio.io/rev', AMBIENT_LABEL]
          .filter((k) => l[k] !== undefined && (injection === undefined || injection === 'enabled'))
          .map((k) => `${k}=${l[k]}`),
      ];
      if (set.length > 1)
        ctx.report({
          ruleId: 'namespace.multiple-injection-labels',
          codes: ['IST0123'],
          severity: 'warning',
          message: `Namespace ${e.name} has more than one kind of injection label (${set.join(', ')}), which leaves it undefined whether and how its pods join the mesh (istio-injection wins over istio.io/rev; sidecars and ambient mode do not mix). Keep one of them.`,
          path: 'metadata.labels',
        });
      if (!injection && rev === undefined && l[AMBIENT_LABEL] !== 'ambient')
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
