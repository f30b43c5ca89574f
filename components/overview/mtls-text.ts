// The overview card's mTLS line, in words true to what enforces the mode.
import type { NamespaceSummary } from '@/lib/api/namespaces';

const MTLS: Record<NamespaceSummary['mtls'], string> = {
  STRICT: 'mTLS strict',
  PERMISSIVE: 'mTLS permissive',
  DISABLE: 'mTLS disabled',
  UNSET: 'mTLS not set (permissive)',
};

/**
 * The mode in words, true to what enforces it: a PeerAuthentication acts in the pods' proxies, so STRICT over pods
 * without sidecars is a setting nothing enforces.
 */
export function mtlsText(summary: Pick<NamespaceSummary, 'mtls' | 'mtlsProxies'>): { text: string; enforced: boolean } {
  const mode = MTLS[summary.mtls];
  if (summary.mtls !== 'STRICT') return { text: mode, enforced: false };
  switch (summary.mtlsProxies) {
    case 'all':
      return { text: mode, enforced: true };
    case 'some':
      return { text: 'STRICT set, some pods without sidecars: not enforced on them', enforced: false };
    case 'none':
      return { text: 'STRICT set, no sidecars: not enforced', enforced: false };
    case 'no-pods':
      return { text: 'STRICT set, no pods running', enforced: false };
  }
}
