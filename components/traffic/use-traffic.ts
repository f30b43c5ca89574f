// The traffic panel's data hooks are Helper W's (lib/api/use-traffic-change.ts); the panel names the service so.
export {
  useApplyTraffic,
  usePlanTraffic,
  useRollback,
  useTrafficHistory,
  useTrafficRouting,
} from '@/lib/api/use-traffic-change';

export interface ServiceRef {
  namespace: string;
  name: string;
}
