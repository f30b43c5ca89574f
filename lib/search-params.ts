import { parseNamespaces } from './time-controls.js';

/** What Next hands a page as `searchParams`. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function namespacesParam(searchParams: SearchParams): Promise<string[]> {
  return parseNamespaces(firstParam((await searchParams)['namespaces']));
}
