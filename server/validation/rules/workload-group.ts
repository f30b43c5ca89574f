// WorkloadGroup: a service account used in the namespace (KIA1701), labels not shared with another group (KIA1702).
import type { Rule } from '../context.js';
import { sameObject } from '../entries.js';
import { describe, fmtLabels, labels, labelsOf, obj, refOf, spec, str } from '../util.js';
import { missingSeverity } from './common.js';

export const workloadGroupRules: Rule[] = [
  {
    kinds: ['WorkloadGroup'],
    check(ctx) {
      const e = ctx.entry;
      const sa = str(obj(spec(e)['template'])['serviceAccount']);
      if (sa && !ctx.ix.serviceAccountUsed(e.namespace, sa))
        ctx.report({
          ruleId: 'workloadgroup.service-account-not-found',
          codes: ['KIA1701'],
          severity: missingSeverity(ctx, 'warning'),
          message: ctx.offline
            ? `Service account ${sa} is not used in namespace ${e.namespace} among the inputs (no ServiceAccount object, no workload running as it); it may be in the cluster (add its manifest, or run with --cluster to check). If it is not, VMs joining this group get an identity nothing expects: create the ServiceAccount or fix the name.`
            : `Service account ${sa} is not used in namespace ${e.namespace} (no ServiceAccount object, no workload running as it); VMs joining this group get an identity nothing expects. Create the ServiceAccount or fix the name.`,
          path: 'spec.template.serviceAccount',
        });
      const mine = fmtLabels(Object.fromEntries(Object.entries(labels(e)).sort()));
      if (!mine) return;
      const twin = ctx.ix
        .list('WorkloadGroup', e.namespace)
        .find(
          (o) =>
            !sameObject(o, e) &&
            fmtLabels(Object.fromEntries(Object.entries(labelsOf(o.object.metadata?.labels)).sort())) === mine,
        );
      if (twin)
        ctx.report({
          ruleId: 'workloadgroup.duplicate-labels',
          codes: ['KIA1702'],
          severity: 'warning',
          message: `${describe(twin)} has the same labels (${mine}); their WorkloadEntries cannot be told apart. Give each group distinct labels.`,
          path: 'metadata.labels',
          references: [refOf(twin)],
        });
    },
  },
];
