import type { ScenarioIdentity } from '../identity/start-identity.js';
import type { KubeObject } from '../store/kube-object.js';
import type { Behaviour, ClientTraffic } from '../traffic/behaviour.js';

/** A mesh the mesh in a box can start with: its objects, the traffic that enters it, and how its apps behave. */
export interface Scenario {
  name: string;
  description: string;
  /** Applied at start in this order (namespaces first). Deployments become pods through the controllers. */
  objects: KubeObject[];
  /** Traffic from clients: the outside world through the ingress gateway, or workloads that call on their own. */
  clients: ClientTraffic[];
  /**
   * The app's behaviour for a pod, so that manifests applied later (e.g. the canary v2 Deployment) behave as the real
   * image would. Undefined: the traffic model reads the BEHAVIOUR_ANNOTATION, then uses a plain default.
   */
  behaviourFor(pod: KubeObject): Behaviour | undefined;
  /** The realms of the identity provider the scenario runs (its Keycloak) and the browsers signed in to it. */
  identity?: ScenarioIdentity;
}

export interface ScenarioOptions {
  /** synthetic only */
  workloads?: number;
  /** synthetic only */
  namespaces?: number;
  /** seed of the synthetic generator, so a run can be repeated */
  seed?: number;
}
