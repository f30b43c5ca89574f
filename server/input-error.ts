/** A request that is well-formed but asks for something that cannot be answered; the message says what to change. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
