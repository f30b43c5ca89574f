// EnvoyFilter patch operations (IST0151–IST0155): ordering without priority, and operations that Istio ignores.
import type { Rule } from '../context.js';
import { arr, obj, spec, str } from '../util.js';

const RELATIVE = new Set(['INSERT_BEFORE', 'INSERT_AFTER', 'REPLACE', 'MERGE', 'REMOVE', 'DELETE']);
const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);

export const envoyFilterRules: Rule[] = [
  {
    kinds: ['EnvoyFilter'],
    check(ctx) {
      const s = spec(ctx.entry);
      const priority = s['priority'];
      const noPriority = priority === undefined || priority === 0;
      arr(s['configPatches']).forEach((p, i) => {
        const po = obj(p);
        const applyTo = str(po['applyTo']) ?? '';
        const op = str(obj(po['patch'])['operation']) ?? '';
        const path = `spec.configPatches[${i}].patch.operation`;
        if (op === 'REPLACE' && applyTo !== 'HTTP_FILTER' && applyTo !== 'NETWORK_FILTER')
          ctx.report({
            ruleId: 'envoyfilter.replace-misused',
            codes: ['IST0152'],
            severity: 'error',
            message: `REPLACE works only on HTTP_FILTER and NETWORK_FILTER, not ${applyTo || 'an unset applyTo'}; this patch is ignored. Use MERGE, or REMOVE plus ADD.`,
            path,
          });
        if (op === 'ADD' && ROUTE_LEVEL.has(applyTo))
          ctx.report({
            ruleId: 'envoyfilter.add-misused',
            codes: ['IST0153'],
            severity: 'error',
            message: `ADD is ignored for ${applyTo}; use MERGE to change route configuration.`,
            path,
          });
        if (op === 'REMOVE' && ROUTE_LEVEL.has(applyTo))
          ctx.report({
            ruleId: 'envoyfilter.remove-misused',
            codes: ['IST0154'],
            severity: 'error',
            message: `REMOVE is ignored for ${applyTo}; it works on listeners, filter chains, filters, clusters and virtual hosts.`,
            path,
          });
        if (RELATIVE.has(op) && noPriority) {
          const proxyVersion = str(obj(obj(po['match'])['proxy'])['proxyVersion']);
          ctx.report(
            proxyVersion
              ? {
                  ruleId: 'envoyfilter.relative-with-proxy-version',
                  codes: ['IST0155'],
                  severity: 'warning',
                  message: `${op} depends on the order in which EnvoyFilters apply, and with proxyVersion "${proxyVersion}" that order can change during an upgrade, dropping this patch. Set spec.priority, or use INSERT_FIRST/ADD.`,
                  path,
                }
              : {
                  ruleId: 'envoyfilter.relative-without-priority',
                  codes: ['IST0151'],
                  severity: 'warning',
                  message: `${op} depends on other EnvoyFilters having applied first, but this EnvoyFilter has no priority, so the order is not guaranteed. Set spec.priority, or use INSERT_FIRST/ADD.`,
                  path,
                },
          );
        }
      });
    },
  },
];
