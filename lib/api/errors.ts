import { z } from 'zod';

/** Every error body of every route: `{ error: { code, message } }`, the message written for a person. */
export const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof apiError>;
