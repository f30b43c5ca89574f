// ServiceEntry: duplicate host/port declarations and protocol conflicts, addresses for TCP ports.
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import { isWildcard } from '../hosts.js';
import { arr, describe, obj, refOf, spec, str, strs } from '../util.js';

const protoOf = (p: Record<string, unknown>) => (str(p['protocol']) ?? '').toUpperCase();

function checkDuplicates(ctx: RuleContext) {
  const e = ctx.entry;
  const ports = arr(spec(e)['ports']).map(obj);
  for (const host of strs(spec(e)['hosts'])) {
    const others = (isWildcard(host) ? [] : ctx.ix.declaring('ServiceEntry', host)).filter(
      (o) => !sameObject(o, e) && strs(spec(o)['hosts']).includes(host),
    );
    for (const o of others)
      ports.forEach((p, pi) => {
        const other = arr(spec(o)['ports'])
          .map(obj)
          .find((q) => q['number'] === p['number']);
        if (!other) return;
        const same = protoOf(other) === protoOf(p);
        ctx.report({
          ruleId: same ? 'se.duplicate-host-port' : 'se.protocol-conflict',
          codes: same ? ['KIA1211'] : ['KIA1212', 'IST0177'],
          severity: 'warning',
          message: same
            ? `${describe(o)} also declares ${host} port ${String(p['number'])}; only one ServiceEntry takes effect. Keep one declaration.`
            : `${describe(o)} declares ${host} port ${String(p['number'])} with protocol ${protoOf(other) || 'unset'}, this one with ${protoOf(p) || 'unset'}; the proxy can use only one. Make the protocols agree.`,
          path: `spec.ports[${pi}]`,
          references: [refOf(o)],
        });
      });
  }
}

function checkAddresses(ctx: RuleContext) {
  const e = ctx.entry;
  const s = spec(e);
  if (
    ctx.mesh.autoAllocateIps ||
    e.object.metadata?.annotations?.['networking.istio.io/enable-autoallocate-ip'] === 'true'
  )
    return;
  if (strs(s['addresses']).length > 0) return;
  arr(s['ports']).forEach((p, i) => {
    const proto = protoOf(obj(p));
    if (proto === '' || proto === 'TCP')
      ctx.report({
        ruleId: 'se.addresses-required',
        codes: ['IST0134'],
        severity: 'warning',
        message: `Port ${String(obj(p)['number'])} is ${proto || 'of unset protocol'} and the ServiceEntry has no addresses, so the proxy cannot tell its traffic from other TCP traffic on that port. Add spec.addresses, or enable DNS auto-allocation.`,
        path: `spec.ports[${i}]`,
      });
  });
}

export const serviceEntryRules: Rule[] = [
  {
    kinds: ['ServiceEntry'],
    check(ctx) {
      checkDuplicates(ctx);
      checkAddresses(ctx);
    },
  },
];
