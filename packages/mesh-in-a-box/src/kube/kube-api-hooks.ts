import type { GroupResource, KubeObject } from '../store/kube-object.js';

export interface PodLogEntry {
  timeMs: number;
  line: string;
}

export interface PodLogQuery {
  namespace: string;
  pod: KubeObject;
  container: string;
}

/** What a container has logged so far, and (for follow=true) how to hear what it logs next. */
export interface PodLogSource {
  entries: PodLogEntry[];
  /** Calls onEntry for each new line until the returned function is called. */
  subscribe?(onEntry: (entry: PodLogEntry) => void): () => void;
}

export interface PodProxyQuery {
  namespace: string;
  pod: KubeObject;
  port: number;
  /** The path below .../proxy, starting with '/', with the query string if any. */
  path: string;
  /** Passed through as sent: the API server proxies GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS. */
  method: string;
  body?: string;
  /** The request's Content-Type, which the API server forwards with the body. */
  contentType?: string;
}

export interface PodProxyAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** The seams through which the rest of the mesh in a box answers what a real kubelet or admission would. */
export interface KubeApiHooks {
  podLogs?(query: PodLogQuery): PodLogSource;
  podProxy?(query: PodProxyQuery): Promise<PodProxyAnswer>;
  /** Called before every write; throw a StoreError (422 Invalid) to refuse the object. */
  validate?(gr: GroupResource, obj: KubeObject): void;
}
