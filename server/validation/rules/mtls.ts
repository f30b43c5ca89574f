// mTLS consistency between PeerAuthentication (what servers accept) and DestinationRule (what clients send), as
// Kiali checks it: mesh-wide objects live in the root namespace (or `*.local` DRs), namespace-wide ones have no selector.
import type { Rule, RuleContext } from '../context.js';
import { sameObject } from '../entries.js';
import type { Entry } from '../types.js';
import { describe, obj, refOf, spec, str, sorted } from '../util.js';
import {
  drTlsMode,
  fqdnIn,
  isMeshWideHost,
  isNamespaceWideHost,
  meshPa,
  meshWideDrs,
  namespacePa,
  namespaceWideDrs,
  paMode,
} from './common.js';

const enables = (pa: Entry | undefined) => !!pa && (paMode(pa) === 'STRICT' || paMode(pa) === 'PERMISSIVE');
const mutual = (drs: Entry[]) => drs.filter((d) => drTlsMode(d) === 'ISTIO_MUTUAL');

function checkPeerAuthentication(ctx: RuleContext) {
  const pa = ctx.entry;
  if (spec(pa)['selector'] !== undefined) return;
  const mode = paMode(pa);
  const root = pa.namespace === ctx.mesh.rootNamespace;
  if (mode === 'STRICT' && !ctx.mesh.autoMtls) {
    const drs = root ? mutual(meshWideDrs(ctx)) : mutual([...namespaceWideDrs(ctx, pa.namespace), ...meshWideDrs(ctx)]);
    if (drs.length === 0)
      ctx.report({
        ruleId: root ? 'pa.mesh-strict-without-dr' : 'pa.namespace-strict-without-dr',
        codes: [root ? 'KIA0401' : 'KIA0501'],
        severity: 'error',
        message: `This ${root ? 'mesh-wide' : 'namespace-wide'} PeerAuthentication requires mTLS (STRICT), but autoMtls is off and no ${root ? 'mesh-wide (host *.local)' : 'namespace-wide or mesh-wide'} DestinationRule sets tls.mode ISTIO_MUTUAL, so clients send plain text and are refused. Add that DestinationRule or enable autoMtls.`,
        path: 'spec.mtls.mode',
      });
  }
  if (mode === 'DISABLE') {
    if (root) {
      const drs = mutual(meshWideDrs(ctx));
      if (drs.length > 0)
        ctx.report({
          ruleId: 'pa.mesh-disable-with-mtls-dr',
          codes: ['KIA0506'],
          severity: 'error',
          message: `This mesh-wide PeerAuthentication disables mTLS, but ${sorted(drs).map(describe).join(', ')} still makes clients send mTLS, which servers no longer accept. Set the DestinationRule's tls.mode to DISABLE or remove it.`,
          path: 'spec.mtls.mode',
          references: drs.map(refOf),
        });
    } else {
      const nsDrs = namespaceWideDrs(ctx, pa.namespace);
      const disabledHere = nsDrs.some((d) => drTlsMode(d) === 'DISABLE');
      const drs = mutual([...nsDrs, ...meshWideDrs(ctx)]);
      if (drs.length > 0 && !disabledHere)
        ctx.report({
          ruleId: 'pa.namespace-disable-with-mtls-dr',
          codes: ['KIA0505'],
          severity: 'error',
          message: `This PeerAuthentication disables mTLS in ${pa.namespace}, but ${sorted(drs).map(describe).join(', ')} still makes clients send mTLS to it. Add a namespace-wide DestinationRule (host *.${pa.namespace}.svc.${ctx.mesh.clusterDomain}) with tls.mode DISABLE.`,
          path: 'spec.mtls.mode',
          references: drs.map(refOf),
        });
    }
  }
}

function checkDestinationRule(ctx: RuleContext) {
  const dr = ctx.entry;
  const host = str(spec(dr)['host']) ?? '';
  const mode = drTlsMode(dr);
  const meshWide = isMeshWideHost(host);
  const nsWide = isNamespaceWideHost(host, dr.namespace, ctx.mesh.clusterDomain);
  const mPa = meshPa(ctx);
  if (meshWide && mode === 'ISTIO_MUTUAL' && !ctx.mesh.autoMtls && !enables(mPa))
    ctx.report({
      ruleId: 'dr.mesh-mtls-without-pa',
      codes: ['KIA0205'],
      severity: 'error',
      message: `This mesh-wide DestinationRule makes clients send mTLS, but autoMtls is off and no mesh-wide PeerAuthentication in ${ctx.mesh.rootNamespace} enables mTLS (STRICT or PERMISSIVE). Add one.`,
      path: 'spec.trafficPolicy.tls.mode',
    });
  if (
    nsWide &&
    mode === 'ISTIO_MUTUAL' &&
    !ctx.mesh.autoMtls &&
    !enables(namespacePa(ctx, dr.namespace)) &&
    !enables(mPa)
  )
    ctx.report({
      ruleId: 'dr.namespace-mtls-without-pa',
      codes: ['KIA0206'],
      severity: 'error',
      message: `This namespace-wide DestinationRule makes clients send mTLS, but autoMtls is off and no PeerAuthentication in ${dr.namespace} or ${ctx.mesh.rootNamespace} enables mTLS. Add a PeerAuthentication with mode STRICT or PERMISSIVE.`,
      path: 'spec.trafficPolicy.tls.mode',
    });
  if (mode === 'DISABLE' && nsWide) {
    const nsPa = namespacePa(ctx, dr.namespace);
    if (nsPa && paMode(nsPa) === 'STRICT')
      ctx.report({
        ruleId: 'dr.namespace-disable-vs-strict',
        codes: ['KIA0207'],
        severity: 'error',
        message: `This DestinationRule disables mTLS for namespace ${dr.namespace}, but ${describe(nsPa)} requires it (STRICT): every request is refused. Make them agree.`,
        path: 'spec.trafficPolicy.tls.mode',
        references: [refOf(nsPa)],
      });
  }
  if (mode === 'DISABLE' && (nsWide || meshWide) && mPa && paMode(mPa) === 'STRICT') {
    const nsPa = nsWide ? namespacePa(ctx, dr.namespace) : undefined;
    const relaxed = nsPa && (paMode(nsPa) === 'DISABLE' || paMode(nsPa) === 'PERMISSIVE');
    if (!relaxed)
      ctx.report({
        ruleId: 'dr.disable-vs-mesh-strict',
        codes: ['KIA0208'],
        severity: 'error',
        message: `This DestinationRule disables mTLS, but the mesh-wide ${describe(mPa)} requires it (STRICT), so these requests are refused. Remove the DISABLE or relax the PeerAuthentication for the namespace.`,
        path: 'spec.trafficPolicy.tls.mode',
        references: [refOf(mPa)],
      });
  }
  // Under auto mTLS a DestinationRule without TLS settings still sends mTLS to every endpoint with a sidecar
  // (istio/istio pilot/pkg/networking/core/cluster_tls.go, buildUpstreamTLSSettings: tls == nil and autoMTLS →
  // ISTIO_MUTUAL, auto-detected), so overriding a wide ISTIO_MUTUAL rule loses nothing: only without auto mTLS.
  if (!ctx.mesh.autoMtls && !meshWide && !nsWide && host && obj(spec(dr)['trafficPolicy'])['tls'] === undefined) {
    const fqdn = fqdnIn(ctx, host);
    const wide = ctx.ix
      .declaring('DestinationRule', fqdn)
      .filter((o) => !sameObject(o, dr) && drTlsMode(o) === 'ISTIO_MUTUAL')
      .filter((o) => {
        const h = str(spec(o)['host']) ?? '';
        return isMeshWideHost(h) || isNamespaceWideHost(h, o.namespace, ctx.mesh.clusterDomain);
      });
    if (wide.length > 0)
      ctx.report({
        ruleId: 'dr.overrides-wide-mtls',
        codes: ['KIA0204'],
        severity: 'warning',
        message: `${sorted(wide).map(describe).join(', ')} turns on mTLS (ISTIO_MUTUAL) for ${host}, but this DestinationRule, being more specific, replaces it and sets no trafficPolicy.tls, so clients stop sending mTLS. Add trafficPolicy.tls.mode: ISTIO_MUTUAL here.`,
        path: 'spec.trafficPolicy',
        references: wide.map(refOf),
      });
  }
}

export const mtlsRules: Rule[] = [
  { kinds: ['PeerAuthentication'], check: checkPeerAuthentication },
  { kinds: ['DestinationRule'], check: checkDestinationRule },
];
