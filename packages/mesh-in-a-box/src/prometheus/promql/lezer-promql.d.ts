// lezer-promql 0.42 (the grammar of Prometheus 2.42) ships its types outside its package "exports".
declare module '@prometheus-io/lezer-promql' {
  import type { LRParser } from '@lezer/lr';
  export const parser: LRParser;
}
