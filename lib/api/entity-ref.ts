// An app, workload or service as the API names it (`/api/namespaces/{ns}/{resource}/{name}`): the one type of "the
// entity a detail page shows" for the pages, their hooks and the server's builders.

export type EntityResource = 'apps' | 'workloads' | 'services';

export interface EntityRef {
  namespace: string;
  resource: EntityResource;
  name: string;
}
