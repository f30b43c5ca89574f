// The bodies the sentiment-analysis apps answer with, for a request that reached one through the gateway. The traffic
// model decides status and timing; these give a curl something to read. sa-webapp's answer has the shape the article
// shows (`{"sentence":"I love yogobella","polarity":0.5}`, content-type application/json;charset=UTF-8); its errors
// are Spring Boot's default error body. Keycloak's answers are the simulated Keycloak's own (see identity/).
import type { Hop } from '../traffic/hop.js';
import type { AppBody } from './envoy-reply.js';

export interface RelayedRequest {
  method: string;
  path: string;
  body: string;
}

// Word polarities in the manner of TextBlob's lexicon, which sa-logic uses: a sentence scores the mean of the words it
// knows ("I love yogobella" is 0.5, as in the article).
const POLARITY: Record<string, number> = {
  love: 0.5,
  good: 0.7,
  great: 0.8,
  nice: 0.6,
  happy: 0.8,
  best: 1,
  awesome: 1,
  excellent: 1,
  amazing: 0.6,
  bad: -0.7,
  sad: -0.5,
  hate: -0.8,
  boring: -1,
  awful: -1,
  terrible: -1,
  horrible: -1,
  worst: -1,
};

export function polarityOf(sentence: string): number {
  const scores = sentence
    .toLowerCase()
    .split(/[^a-z']+/)
    .map((w) => POLARITY[w])
    .filter((s): s is number => s !== undefined);
  if (scores.length === 0) return 0;
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000;
}

/** The body of the app that answered the hop's last attempt. */
export function appBody(hop: Hop, request: RelayedRequest, nowMs: number = Date.now()): AppBody {
  const app = hop.attempts.at(-1)?.destination.app ?? 'unknown';
  const failed = hop.responseCode >= 400;
  switch (app) {
    case 'sa-webapp':
      if (failed) return springError(hop.responseCode, request.path, nowMs);
      return { contentType: 'application/json;charset=UTF-8', body: sentimentAnswer(request.body) };
    case 'sa-feedback':
      // ASP.NET Core MVC echoes the stored feedback as JSON.
      return { contentType: 'application/json; charset=utf-8', body: failed ? '' : jsonOr(request.body, '{}') };
    case 'sa-frontend':
      return frontendFile(request.path);
    default:
      return { contentType: 'text/plain', body: '' };
  }
}

function sentimentAnswer(body: string): string {
  let sentence: unknown = null;
  try {
    sentence = (JSON.parse(body) as { sentence?: unknown }).sentence ?? null;
  } catch {
    sentence = null; // Spring binds a body it cannot read as an empty sentence
  }
  const text = typeof sentence === 'string' ? sentence : '';
  return JSON.stringify({ sentence: typeof sentence === 'string' ? sentence : null, polarity: polarityOf(text) });
}

function springError(status: number, path: string, nowMs: number): AppBody {
  const timestamp = new Date(nowMs).toISOString().replace('Z', '+00:00');
  const error = status === 500 ? 'Internal Server Error' : status === 404 ? 'Not Found' : 'Error';
  return { contentType: 'application/json', body: JSON.stringify({ timestamp, status, error, path }) };
}

function jsonOr(body: string, fallback: string): string {
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return fallback;
  }
}

// The built React app nginx serves: the page, its bundle and styles, and the icon.
function frontendFile(path: string): AppBody {
  if (path.endsWith('.js')) return { contentType: 'application/javascript', body: '/* sentiment-analysis */' };
  if (path.endsWith('.css')) return { contentType: 'text/css', body: 'body{margin:0}' };
  if (/\.(ico|png|jpg)$/.test(path)) return { contentType: 'image/x-icon', body: '' };
  return {
    contentType: 'text/html',
    body:
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sentiment Analyser</title>' +
      '<link href="/static/css/main.css" rel="stylesheet"></head><body><div id="root"></div>' +
      '<script src="/static/js/main.js"></script></body></html>',
  };
}
