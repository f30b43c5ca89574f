// What every API route answers before its own work: a method it does not serve, and a path no route serves, both in
// the API's `{ error }` JSON rather than Next's empty 405 or its HTML 404 page.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as catchAll from '../../../../app/api/[...path]/route.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('the API routes', () => {
  it('each answer GET, POST, PUT, PATCH and DELETE themselves, served or refused with 405', () => {
    const files = readdirSync(join(ROOT, 'app/api'), { recursive: true, encoding: 'utf8' }).filter(
      (f) => basename(f) === 'route.ts',
    );
    expect(files.length).toBeGreaterThan(40);
    const missing = files.flatMap((file) => {
      const source = readFileSync(join(ROOT, 'app/api', file), 'utf8');
      const destructured = /export const \{([^}]*)\} = otherMethods\(/.exec(source)?.[1] ?? '';
      return METHODS.filter(
        (m) =>
          !new RegExp(`export (?:const|async function|function) ${m}\\b`).test(source) &&
          !destructured.split(',').some((n) => n.trim() === m),
      ).map((m) => `${file}: ${m}`);
    });
    expect(missing).toEqual([]);
  });

  it('answer a path no route serves with a JSON 404 naming the path, whatever the method', async () => {
    for (const method of METHODS) {
      const handler = catchAll[method as keyof typeof catchAll] as (req: Request) => Response;
      const res = handler(new Request('http://console.test/api/no/such/route', { method }));
      expect(res.status, method).toBe(404);
      expect(await res.json()).toEqual({
        error: {
          code: 'not_found',
          message: 'no API route answers /api/no/such/route; the routes are listed in lib/api',
        },
      });
    }
  });
});
