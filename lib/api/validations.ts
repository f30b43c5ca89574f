import { z } from 'zod';

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

/** GET /api/validations?namespace=…: validation status of every object with findings, and a summary per namespace. */
export const validationsQuery = z.object({ namespace: z.string().min(1).optional() });
export const validationsResponse = z.object({
  namespaces: z.array(z.object({ namespace: z.string(), objectCount: z.number(), ...counts })),
  /** Objects with at least one finding; an object not listed is valid. */
  objects: z.array(objectRef.extend(counts)),
});

/** GET /api/validations/{ns}/{kind}/{name}: the findings on one object. */
export const objectValidationsResponse = z.object({ object: objectRef, findings: z.array(finding) });

export type Finding = z.infer<typeof finding>;
export type ValidationsResponse = z.infer<typeof validationsResponse>;
export type ObjectValidations = z.infer<typeof objectValidationsResponse>;
export type ValidationCounts = { errors: number; warnings: number; infos: number };
