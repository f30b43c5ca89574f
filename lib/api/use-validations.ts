'use client';
import { useRoute } from './use-route.js';
import { objectValidationsRoute, validationsRoute } from './validations.js';

export function useValidations(params: { namespace?: string; findings?: boolean }) {
  return useRoute(validationsRoute, {
    search: { namespace: params.namespace, findings: params.findings ? 'true' : undefined },
  });
}

export function useObjectValidations(namespace: string, kind: string, name: string) {
  return useRoute(objectValidationsRoute, { path: { ns: namespace, kind, name } });
}
