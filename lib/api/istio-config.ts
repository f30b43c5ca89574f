import { z } from 'zod';
import { ISTIO_KINDS } from '../istio-kinds.js';
import { apiRoute } from './api-route.js';

export const istioConfigQuery = z.object({
  namespace: z.string().min(1).optional(),
  kind: z.enum(ISTIO_KINDS).optional(),
});

export const istioConfigItem = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  resourceVersion: z.string(),
  creationTimestamp: z.string().optional(),
});

export const istioConfigResponse = z.array(istioConfigItem);
/** GET /api/istio-config/{ns}/{kind}/{name}: the object as the cluster stores it. */
export const istioObjectResponse = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
});

export const istioConfigRoute = apiRoute('/api/istio-config', istioConfigResponse);
export const istioObjectRoute = apiRoute('/api/istio-config/[ns]/[kind]/[name]', istioObjectResponse);

export type IstioConfigItem = z.infer<typeof istioConfigItem>;

/** A pointer to one Istio object, for the detail pages' "Istio config" lists. */
export const istioConfigRef = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });
export type IstioConfigRef = z.infer<typeof istioConfigRef>;
