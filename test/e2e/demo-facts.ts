// The facts of the demo (the e2e mesh's sentiment-analysis scenario) that some URLs need, read from a console's own
// routes: a pod and another of the same workload, a trace, a graph node and edge.
import { graphResponse } from '../../lib/api/graph.js';

export interface Demo {
  pod: string;
  otherPod: string;
  traceId: string;
  node: string;
  edge: string;
}

async function getJson<T>(consoleUrl: string, path: string): Promise<T> {
  const res = await fetch(new URL(path, consoleUrl));
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export async function loadDemo(consoleUrl: string): Promise<Demo> {
  const [workload, traces, graphJson] = await Promise.all([
    getJson<{ podList: { name: string }[] }>(consoleUrl, '/api/namespaces/demo/workloads/sa-logic'),
    getJson<{ traces: { traceId: string }[] }>(consoleUrl, '/api/namespaces/demo/services/sa-logic/traces'),
    getJson<unknown>(consoleUrl, '/api/graph?namespaces=demo'),
  ]);
  // Parsed with the contract, as the page does: the wire leaves out what holds its default (an edge's id).
  const graph = graphResponse.parse(graphJson);
  const [pod, otherPod] = workload.podList.map((p) => p.name);
  const edge = graph.edges[0];
  if (!pod || !otherPod || !traces.traces[0] || !graph.nodes[0] || !edge)
    throw new Error('the demo lacks two sa-logic pods, a trace of sa-logic or a graph with an edge');
  return {
    pod,
    otherPod,
    traceId: traces.traces[0].traceId,
    node: graph.nodes[0].id,
    edge: edge.id,
  };
}
