import type { KubeObject } from '../../store/kube-object.js';
import type { Behaviour } from '../../traffic/behaviour.js';
import { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT, istioSystemObjects } from '../istio-system-objects.js';
import { annotatedBehaviour, envOf, labelOf } from '../pod-facts.js';
import { asKubectlApplied } from '../kubectl-applied.js';
import { applyOrder, readManifests } from '../read-manifests.js';
import type { Scenario } from '../scenario.js';
import { BrowserSessions } from '../../identity/browser-sessions.js';
import { ARTICLE_ISSUER, SENTIMENT_REALMS } from './keycloak-realms.js';

const JSON_BODY = { 'content-type': 'application/json' };

// The header the article's dark launch routes on: the gateway's RequestAuthentication copies the token's usertype claim
// into it (outputClaimToHeaders), and the apps pass it on to their callees, as a real app must (behaviour.ts).
const DARK_LAUNCH_HEADERS = ['x-usertype'];

// How each app of rinormaloku/k8s-mastery answers, by its app label. Latencies are the app's own work.
const BEHAVIOURS: Record<string, Behaviour> = {
  // nginx serving the built React app
  'sa-frontend': {
    latencyMs: { median: 3, p95: 9 },
    errorRatio: 0,
    calls: [],
    responseBytes: { mean: 48_000 },
    forwardHeaders: DARK_LAUNCH_HEADERS,
  },
  'sa-webapp': {
    forwardHeaders: DARK_LAUNCH_HEADERS,
    latencyMs: { median: 15, p95: 45 },
    errorRatio: 0,
    calls: [
      {
        host: 'sa-logic',
        port: 80,
        protocol: 'http',
        method: 'POST',
        path: '/analyse/sentiment',
        whenPathPrefix: '/sentiment',
      },
    ],
    responseBytes: { mean: 70 },
  },
  'sa-logic': { latencyMs: { median: 25, p95: 70 }, errorRatio: 0, calls: [], responseBytes: { mean: 60 } },
  // SQLite on a volume: fast. No random failures: Kiali's default tolerance marks any 5xx at all Degraded (5XX,
  // degraded 0 %), and a learner would blame the step they had just taken. Errors come from the article's canary or
  // from a fault on demand (POST /faults/workload).
  'sa-feedback': { latencyMs: { median: 8, p95: 25 }, errorRatio: 0, calls: [], responseBytes: { mean: 40 } },
  keycloak: { latencyMs: { median: 35, p95: 120 }, errorRatio: 0, calls: [], responseBytes: { mean: 3_500 } },
  'legacy-reports': { latencyMs: { median: 5, p95: 15 }, errorRatio: 0, calls: [], responseBytes: { mean: 200 } },
};

/**
 * The sentiment-analysis app of the k8s-mastery course in namespace demo, behind the ingress gateway, with keycloak
 * for /auth and a legacy client outside the mesh. Applying the course's canary manifest (sa-logic v2 with
 * FAIL_RANDOMLY "true") later gives a failing version, as the real image does.
 */
export function sentimentAnalysisScenario(): Scenario {
  // Istio's own objects come from its installer; the app's from `kubectl apply -f`, as the article does.
  const objects: KubeObject[] = [...istioSystemObjects(), ...asKubectlApplied(readManifests('sentiment-analysis'))];
  // Browsers signed in through the gateway at localhost:8080, as the article's learner is: their tokens name the issuer
  // the article's RequestAuthentication trusts.
  const sessions = new BrowserSessions({ realm: 'master', clientId: 'sa-frontend', issuer: ARTICLE_ISSUER });
  const signedIn = (username: string) => sessions.headersOf(username, JSON_BODY);
  return {
    name: 'sentiment-analysis',
    description: 'sa-frontend, sa-webapp, sa-logic and sa-feedback in demo, with keycloak and a legacy client',
    objects: applyOrder(objects),
    clients: [
      {
        name: 'browsers',
        from: 'outside',
        host: INGRESS_GATEWAY_HOST,
        port: INGRESS_GATEWAY_PORT,
        rps: 4,
        // A page load fetches the page and its assets; then people mostly analyse sentences and sometimes rate the
        // answer; a few sign in through keycloak.
        requests: [
          { method: 'GET', path: '/', weight: 3 },
          { method: 'GET', path: '/static/js/main.js', weight: 3 },
          { method: 'GET', path: '/static/css/main.css', weight: 3 },
          { method: 'GET', path: '/favicon.ico', weight: 2 },
          // The app's API calls carry the signed-in user's token (the article's Keycloak frontend adds it); a quarter
          // stay anonymous: tabs opened before sign-in was required, scripts, curl. Most analyses come from plain
          // users, fewer from the beta and moderator accounts. Nothing checks a token until the article's security
          // steps, and each path keeps its total weight, so the traffic per path is what it was without tokens.
          { method: 'POST', path: '/sentiment', weight: 2, headers: JSON_BODY },
          { method: 'POST', path: '/sentiment', weight: 4, headers: signedIn('user') },
          { method: 'POST', path: '/sentiment', weight: 1, headers: signedIn('beta') },
          { method: 'POST', path: '/sentiment', weight: 1, headers: signedIn('moderator') },
          // Anyone may try to rate an answer; the article's policies let only the moderator's feedback through.
          { method: 'POST', path: '/feedback', weight: 0.5, headers: JSON_BODY },
          { method: 'POST', path: '/feedback', weight: 1, headers: signedIn('user') },
          { method: 'POST', path: '/feedback', weight: 0.5, headers: signedIn('moderator') },
          { method: 'GET', path: '/auth/realms/sentiment/protocol/openid-connect/certs', weight: 1 },
        ],
      },
      {
        name: 'legacy-reports',
        from: 'legacy/legacy-reports',
        host: 'sa-webapp.demo.svc.cluster.local',
        port: 80,
        rps: 0.2,
        requests: [{ method: 'POST', path: '/sentiment', weight: 1, headers: JSON_BODY }],
      },
    ],
    identity: { realms: SENTIMENT_REALMS, sessions },
    behaviourFor: (pod) => {
      const app = labelOf(pod, 'app');
      const behaviour = app ? BEHAVIOURS[app] : undefined;
      if (!behaviour) return annotatedBehaviour(pod);
      if (app === 'sa-logic' && envOf(pod, 'FAIL_RANDOMLY') === 'true') return { ...behaviour, failRandomly: true };
      return behaviour;
    },
  };
}
