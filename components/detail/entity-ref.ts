// The entity a tab gets: the API's own type (lib/api/entity-ref.ts), named here for the detail components.
export type { EntityRef } from '@/lib/api/entity-ref';
