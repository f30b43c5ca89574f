import { StoreError } from '../store/store-error.js';

export interface StatusCause {
  field?: string;
  message: string;
  reason?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A refusal by the API, answered as a Kubernetes Status object with this HTTP code. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: StatusDetails) =>
  new ApiError(400, 'BadRequest', message, details);

export const notFoundPath = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');

export const methodNotSupported = (method: string, what: string) =>
  new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method} ${what})`,
  );

/** The Status body the API server writes for an error: the shape client-go and kubectl decode. */
export function statusBody(err: ApiError): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    // An error the API server does not classify (a 500 from deep inside) has no reason.
    ...(err.reason ? { reason: err.reason } : {}),
    ...(err.details ? { details: err.details } : {}),
    code: err.code,
  };
}

/** Maps anything thrown while serving a request to the Status to answer; an unexpected error is a 500 and logged. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreError) {
    const causes = err.details?.causes?.map((c) => ({ reason: 'FieldValueInvalid', ...c }));
    return new ApiError(err.code, err.reason, err.message, err.details && { ...err.details, causes });
  }
  console.error('mesh-in-a-box kube API failed on a request', err);
  return new ApiError(
    500,
    'InternalError',
    `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
  );
}
