/** What a detail page is about, as the API names it (`/api/namespaces/{ns}/{resource}/{name}`). */
export interface EntityRef {
  namespace: string;
  resource: 'apps' | 'workloads' | 'services';
  name: string;
}
