/** A refusal by the store, carrying what the Kubernetes API answers for it (a Status object's code and reason). */
export class StoreError extends Error {
  constructor(
    readonly code: number,
    readonly reason: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Gone' | 'MethodNotAllowed',
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: { field: string; message: string }[] },
  ) {
    super(message);
  }
}
