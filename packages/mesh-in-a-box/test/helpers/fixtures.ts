import { resolve } from 'node:path';

/** ../shared/fixtures beside the repository, as the workplace and CI lay it out. */
export const FIXTURES = resolve(import.meta.dirname, '../../../../../shared/fixtures');
export const WIRE = `${FIXTURES}/wire`;
