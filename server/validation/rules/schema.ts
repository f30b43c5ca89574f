// Bad input and schema: missing kind or name, unknown kinds and API versions (Sextant's own ids), and the required
// fields Istio's admission webhook enforces (IST0106 errors, IST0133 warnings).
import { DNS1123_SUBDOMAIN } from '../../../lib/kube-names.js';
import type { Report, Rule, RuleContext } from '../context.js';
import { NO_KIND, UNNAMED } from '../entries.js';
import { groupOf, ISTIO_GROUPS, KNOWN_GROUPS, wellFormed } from '../kinds.js';
import { arr, isObj, obj, spec, str, strs } from '../util.js';

function checkIdentity(ctx: RuleContext) {
  const e = ctx.entry;
  const o = e.object;
  if (e.kind === NO_KIND || typeof o.apiVersion !== 'string') {
    ctx.report({
      ruleId: 'schema.missing-kind',
      severity: 'error',
      message: `This document has no ${typeof o.apiVersion !== 'string' ? 'apiVersion' : 'kind'}, so Kubernetes cannot tell what it is. Add apiVersion and kind.`,
      path: typeof o.apiVersion !== 'string' ? 'apiVersion' : 'kind',
    });
    return;
  }
  if (!isObj(o.metadata) || e.name === UNNAMED)
    ctx.report({
      ruleId: 'schema.missing-name',
      severity: 'error',
      message: `${e.kind} has no metadata.name; kubectl rejects it. Add a name.`,
      path: isObj(o.metadata) ? 'metadata' : 'kind',
    });
  else if (!DNS1123_SUBDOMAIN.test(e.name) || e.name.length > 253)
    ctx.report({
      ruleId: 'schema.invalid-name',
      codes: ISTIO_GROUPS.has(groupOf(o.apiVersion).group) ? ['IST0106'] : [],
      severity: 'error',
      message: `"${e.name}" is not a valid object name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.`,
      path: 'metadata.name',
    });
  const { group, version } = groupOf(o.apiVersion);
  const known = KNOWN_GROUPS[group];
  if (!known) return; // another project's CRD: not ours to judge
  const rawKind = str(o.kind) ?? '';
  if (!known.kinds.includes(rawKind))
    ctx.report({
      ruleId: 'schema.unknown-kind',
      severity: 'warning',
      message: `${group || 'core'} has no kind "${rawKind}" that Sextant knows (${known.kinds.slice(0, 8).join(', ')}${known.kinds.length > 8 ? '…' : ''}); check the spelling. It was not validated.`,
      path: 'kind',
    });
  else if (!known.versions.includes(version))
    ctx.report({
      ruleId: 'schema.unknown-api-version',
      codes: ISTIO_GROUPS.has(group) ? ['IST0106'] : [],
      severity: 'error',
      message: `${group || 'core'} does not serve version ${version} (served: ${known.versions.join(', ')}), so the API server rejects this ${rawKind}. Use ${group ? `${group}/` : ''}${known.versions[0]}.`,
      path: 'apiVersion',
    });
}

type Emit = (r: Omit<Report, 'ruleId' | 'codes'> & { warning?: boolean }) => void;

function required(ctx: RuleContext): Emit {
  // The detail names the field; the consequence and the fix follow in words, so no finding is a bare fragment.
  return ({ warning, ...r }) =>
    ctx.report({
      ruleId: warning ? 'schema.warning' : 'schema.invalid',
      codes: [warning ? 'IST0133' : 'IST0106'],
      ...r,
      message: warning
        ? r.message
        : `${r.message.replace(/;? (without one )?the webhook rejects it\.$/, '.')} Istio's validating webhook refuses such a ${ctx.entry.kind}, so kubectl apply fails until this is fixed.`,
      severity: warning ? 'warning' : 'error',
    });
}

const SCHEMA: Record<string, (ctx: RuleContext, emit: Emit) => void> = {
  VirtualService(ctx, emit) {
    const s = spec(ctx.entry);
    if (strs(s['hosts']).length === 0)
      emit({
        warning: true,
        severity: 'warning',
        message: 'spec.hosts is empty: this VirtualService can only be a delegate of another one.',
        path: 'spec.hosts',
      });
    arr(s['http']).forEach((r, i) => {
      const ro = obj(r);
      if (!ro['route'] && !ro['redirect'] && !ro['directResponse'] && !ro['delegate'])
        emit({
          severity: 'error',
          message: `http[${i}] needs a route, redirect, directResponse or delegate; the webhook rejects it.`,
          path: `spec.http[${i}]`,
        });
    });
    for (const section of ['http', 'tcp', 'tls'])
      arr(s[section]).forEach((r, i) =>
        arr(obj(r)['route']).forEach((rw, j) => {
          const path = `spec.${section}[${i}].route[${j}]`;
          if (!str(obj(obj(rw)['destination'])['host']))
            emit({
              severity: 'error',
              message: `${section}[${i}].route[${j}] has no destination.host; the webhook rejects it.`,
              path: `${path}.destination`,
            });
          const w = obj(rw)['weight'];
          if (w !== undefined && (typeof w !== 'number' || w < 0 || !Number.isInteger(w)))
            emit({
              severity: 'error',
              message: `weight must be a whole number from 0 to 100, not ${JSON.stringify(w)}.`,
              path: `${path}.weight`,
            });
        }),
      );
  },
  DestinationRule(ctx, emit) {
    const s = spec(ctx.entry);
    if (!str(s['host'])) emit({ severity: 'error', message: 'spec.host is required.', path: 'spec' });
    const seen = new Set<string>();
    arr(s['subsets']).forEach((sub, i) => {
      const name = str(obj(sub)['name']);
      if (!name) emit({ severity: 'error', message: `subsets[${i}] has no name.`, path: `spec.subsets[${i}]` });
      else if (seen.has(name))
        emit({
          severity: 'error',
          message: `Subset name "${name}" is used twice; subset names must be unique.`,
          path: `spec.subsets[${i}].name`,
        });
      else seen.add(name);
    });
  },
  Gateway(ctx, emit) {
    const servers = arr(spec(ctx.entry)['servers']);
    if (servers.length === 0)
      emit({ severity: 'error', message: 'spec.servers is empty: the Gateway serves nothing.', path: 'spec' });
    servers.forEach((srv, i) => {
      const so = obj(srv);
      const port = obj(so['port']);
      if (typeof port['number'] !== 'number' || !str(port['protocol']))
        emit({
          severity: 'error',
          message: `servers[${i}].port needs a number and a protocol.`,
          path: `spec.servers[${i}].port`,
        });
      if (strs(so['hosts']).length === 0)
        emit({
          severity: 'error',
          message: `servers[${i}] needs at least one host ("*" for any).`,
          path: `spec.servers[${i}]`,
        });
    });
  },
  ServiceEntry(ctx, emit) {
    const s = spec(ctx.entry);
    if (strs(s['hosts']).length === 0) emit({ severity: 'error', message: 'spec.hosts is required.', path: 'spec' });
    arr(s['ports']).forEach((p, i) => {
      if (typeof obj(p)['number'] !== 'number')
        emit({ severity: 'error', message: `ports[${i}] needs a number.`, path: `spec.ports[${i}]` });
    });
  },
  PeerAuthentication(ctx, emit) {
    const s = spec(ctx.entry);
    const mode = obj(s['mtls'])['mode'];
    if (mode !== undefined && !['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'].includes(String(mode)))
      emit({
        severity: 'error',
        message: `mtls.mode "${String(mode)}" is not one of UNSET, DISABLE, PERMISSIVE, STRICT.`,
        path: 'spec.mtls.mode',
      });
    if (s['portLevelMtls'] !== undefined && s['selector'] === undefined)
      emit({
        severity: 'error',
        message: 'portLevelMtls needs a workload selector; without one the webhook rejects it.',
        path: 'spec.portLevelMtls',
      });
  },
  AuthorizationPolicy(ctx, emit) {
    const s = spec(ctx.entry);
    const action = s['action'];
    if (action !== undefined && !['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'].includes(String(action)))
      emit({
        severity: 'error',
        message: `action "${String(action)}" is not one of ALLOW, DENY, AUDIT, CUSTOM.`,
        path: 'spec.action',
      });
    if (action === 'CUSTOM' && !str(obj(s['provider'])['name']))
      emit({
        severity: 'error',
        message: 'action CUSTOM needs provider.name (an extension provider from the mesh config).',
        path: 'spec',
      });
    if (s['selector'] !== undefined && (s['targetRef'] !== undefined || s['targetRefs'] !== undefined))
      emit({ severity: 'error', message: 'selector and targetRefs are mutually exclusive.', path: 'spec.selector' });
  },
  RequestAuthentication(ctx, emit) {
    arr(spec(ctx.entry)['jwtRules']).forEach((r, i) => {
      if (!str(obj(r)['issuer']))
        emit({ severity: 'error', message: `jwtRules[${i}] needs an issuer.`, path: `spec.jwtRules[${i}]` });
    });
  },
  Sidecar(ctx, emit) {
    arr(spec(ctx.entry)['egress']).forEach((eg, i) => {
      if (strs(obj(eg)['hosts']).length === 0)
        emit({ severity: 'error', message: `egress[${i}] needs hosts.`, path: `spec.egress[${i}]` });
    });
  },
};

export const schemaRules: Rule[] = [
  {
    kinds: ['*'],
    check(ctx) {
      checkIdentity(ctx);
      if (wellFormed(ctx.entry.object)) SCHEMA[ctx.entry.kind]?.(ctx, required(ctx));
    },
  },
];
