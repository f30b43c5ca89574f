import { z } from 'zod';
import { apiRoute } from './api-route.js';

export const severity = z.enum(['error', 'warning', 'info']);
export const objectRef = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });

export const finding = z.object({
  ruleId: z.string(),
  code: z.string().optional(),
  codes: z.array(z.string()),
  severity,
  message: z.string(),
  object: objectRef,
  /** Dotted path to the offending field, e.g. `spec.http[0].route[1].destination.subset`. */
  path: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
  references: z.array(objectRef).optional(),
});

const counts = { errors: z.number(), warnings: z.number(), infos: z.number() };

/**
 * The namespace an object's findings count towards: a Namespace object's own name, else its namespace. The route's
 * per-namespace counts and the findings page that lists what they counted must agree on it.
 */
export const countedNamespace = (o: { kind: string; namespace: string; name: string }) =>
  o.kind === 'Namespace' ? o.name : o.namespace;

/**
 * GET /api/validations?namespace=…&findings=true: validation status of every object with findings, and a summary per
 * namespace; with findings=true also every finding those counts count (the page a count links to lists them).
 */
export const validationsQuery = z.object({
  namespace: z.string().min(1).optional(),
  // not z.coerce.boolean(): it reads the string 'false' as true
  findings: z
    .enum(['true', 'false'], { message: "findings is 'true' or 'false'" })
    .default('false')
    .transform((v) => v === 'true'),
});
export const validationsResponse = z.object({
  namespaces: z.array(z.object({ namespace: z.string(), objectCount: z.number(), ...counts })),
  /** Objects with at least one finding, of any kind (Deployments, Services… as well as Istio objects); an object not listed is valid. */
  objects: z.array(objectRef.extend(counts)),
  /** Asked with findings=true: each finding counted above, objects in the same order. */
  findings: z.array(finding).optional(),
});

/** GET /api/validations/{ns}/{kind}/{name}: the findings on one object. */
export const objectValidationsResponse = z.object({ object: objectRef, findings: z.array(finding) });

export const validationsRoute = apiRoute('/api/validations', validationsResponse);
export const objectValidationsRoute = apiRoute('/api/validations/[ns]/[kind]/[name]', objectValidationsResponse);

export type Finding = z.infer<typeof finding>;
export type ValidationsResponse = z.infer<typeof validationsResponse>;
export type ObjectValidations = z.infer<typeof objectValidationsResponse>;
export type ValidationCounts = { errors: number; warnings: number; infos: number };
