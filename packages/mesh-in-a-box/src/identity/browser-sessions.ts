// The signed-in browsers of a scenario: each holds an access token from the simulated Keycloak in its Authorization
// header and renews it before it expires, as keycloak-js's updateToken does in the article's sa-frontend. The traffic
// model reads a request's headers when it sends it, so the header objects here are the ones the scenario's client
// requests carry, and refreshing them in place gives every later request the new token.
import type { SimulatedKeycloak } from './simulated-keycloak.js';

export interface SessionOptions {
  realm: string;
  clientId: string;
  /** The issuer the browsers' tokens carry: the URL their Keycloak login went through. */
  issuer: string;
}

export class BrowserSessions {
  private readonly signedIn: { username: string; headers: Record<string, string> }[] = [];

  constructor(readonly options: SessionOptions) {}

  /** Headers of a request that `username`'s browser sends: `base`, plus `authorization` once a token is held. */
  headersOf(username: string, base: Record<string, string> = {}): Record<string, string> {
    const headers = { ...base };
    this.signedIn.push({ username, headers });
    return headers;
  }

  get usernames(): string[] {
    return [...new Set(this.signedIn.map((s) => s.username))];
  }

  /** Fetches a fresh token per user and puts it in every header object of that user. */
  async refresh(keycloak: SimulatedKeycloak, nowMs = Date.now()): Promise<void> {
    const { realm, clientId, issuer } = this.options;
    for (const username of this.usernames) {
      const token = await keycloak.accessTokenFor(realm, username, { clientId, issuer, nowMs });
      for (const s of this.signedIn) if (s.username === username) s.headers['authorization'] = `Bearer ${token}`;
    }
  }
}
