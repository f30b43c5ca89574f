// The plan for a person to read: each changed object's YAML before and after, as one unified diff (jsdiff's
// createTwoFilesPatch), with the object's kind, namespace and name as the file names.
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { PlannedObject } from '../../lib/api/traffic-change.js';

const toYaml = (obj: Record<string, unknown> | null) => (obj ? stringify(obj, { lineWidth: 0 }) : '');

export function planDiff(objects: readonly PlannedObject[]): string {
  return objects
    .filter((o) => o.action !== 'unchanged')
    .map((o) => {
      const file = `${o.kind}/${o.namespace}/${o.name}`;
      // jsdiff starts each file with a line of '=' (a separator from svn's format); git's diff, which people read, has none.
      return createTwoFilesPatch(
        o.before ? `a/${file}` : '/dev/null',
        o.after ? `b/${file}` : '/dev/null',
        toYaml(o.before),
        toYaml(o.after),
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/, '');
    })
    .join('');
}
