/** Something the user asked for by name does not exist; the message names it ("namespace shop does not exist"). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
