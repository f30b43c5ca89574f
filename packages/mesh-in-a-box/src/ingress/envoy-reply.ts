// What the ingress gateway's Envoy answers a client for a finished hop: the upstream's response (status, body,
// x-envoy-upstream-service-time) or one of Envoy's own local replies, whose bodies come from Envoy's router
// (envoyproxy/envoy source/common/router/router.cc: "no healthy upstream", "upstream request timeout",
// "upstream connect error or disconnect/reset before headers. [retried and the latest ]reset reason: <reason>")
// and from Istio's filters (RBAC: access denied, jwt_authn's "Jwt verification fails"; see the wire samples in
// /work/shared/fixtures/wire). Every answer carries `server: istio-envoy`, the server name Istio gives its proxies.
import type { Hop } from '../traffic/hop.js';

export interface ClientReply {
  /** 0: the connection is reset without an HTTP answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The app's own answer to a request that reached it (body and content type), when the gateway relays it. */
export interface AppBody {
  contentType: string;
  body: string;
}

const TEXT = 'text/plain';

/**
 * The reply for the gateway's hop. `appBody` gives the app's body for a response that came from upstream
 * (response code details `via_upstream`); local replies are Envoy's own.
 */
export function envoyReply(hop: Hop, appBody: (hop: Hop) => AppBody): ClientReply {
  if (hop.responseCode === 0) return { status: 0, headers: {}, body: '' };
  const details = hop.responseCodeDetails;
  if (details === 'via_upstream') {
    const answer = appBody(hop);
    const last = hop.attempts.at(-1);
    return reply(hop.responseCode, answer.body, answer.contentType, {
      // Envoy's router: the time the upstream took to its response headers, in whole milliseconds.
      ...(last ? { 'x-envoy-upstream-service-time': String(Math.round(last.durationMs)) } : {}),
    });
  }
  const local = localReplyBody(hop);
  const extra: Record<string, string> = {};
  if (details.startsWith('jwt_authn_access_denied')) {
    // Envoy's jwt_authn answers a failed token with a Bearer challenge naming the request's URL (RFC 6750 section 3).
    extra['www-authenticate'] = `Bearer realm="http://${hop.authority}${hop.path}", error="invalid_token"`;
  }
  return reply(hop.responseCode, local, TEXT, extra);
}

/** The body of Envoy's local reply for the hop's response code details. */
export function localReplyBody(hop: Hop): string {
  const details = hop.responseCodeDetails;
  const inner = /\{([^}]*)\}/.exec(details)?.[1];
  if (details === 'no_healthy_upstream') return 'no healthy upstream';
  if (details === 'response_timeout') return 'upstream request timeout';
  if (details === 'fault_filter_abort') return 'fault filter abort';
  if (details.startsWith('upstream_reset_before_response_started')) {
    // The details carry the reset reason with its spaces as underscores (StringUtil::replaceAllEmptySpace).
    const reason = (inner ?? 'connection termination').split('|')[0]!.replaceAll('_', ' ');
    const retried = hop.responseFlags.split(',').includes('URX');
    return `upstream connect error or disconnect/reset before headers. ${retried ? 'retried and the latest ' : ''}reset reason: ${reason}`;
  }
  if (details.startsWith('rbac_access_denied')) return 'RBAC: access denied';
  // jwt_authn_access_denied{Jwt_verification_fails}: the status message, spaces written as underscores.
  if (details.startsWith('jwt_authn_access_denied')) return (inner ?? 'Jwt verification fails').replaceAll('_', ' ');
  // route_not_found (404 NR), cluster_not_found (503 NC) and the rest: Envoy sends no body.
  return '';
}

function reply(status: number, body: string, contentType: string, extra: Record<string, string>): ClientReply {
  const headers: Record<string, string> = {};
  if (body.length > 0) headers['content-type'] = contentType;
  headers['content-length'] = String(Buffer.byteLength(body));
  Object.assign(headers, extra);
  headers['server'] = 'istio-envoy';
  return { status, headers, body };
}
