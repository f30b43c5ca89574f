'use client';

/** The Envoy configuration of one pod's istio-proxy: clusters, listeners, routes, bootstrap, secrets. */
export function EnvoyTab({ namespace, pods }: { namespace: string; pods: string[] }) {
  return (
    <p className="text-sm text-slate-500">
      Envoy config of {pods.length} pod(s) in {namespace} is not built yet.
    </p>
  );
}
