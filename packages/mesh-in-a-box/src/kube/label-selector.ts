import { badRequest } from './api-error.js';

type Requirement =
  | { op: 'exists' | 'notExists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type LabelPredicate = (labels: Record<string, string> | undefined) => boolean;

// A label key: an optional DNS subdomain prefix and a name; a value: up to 63 of [A-Za-z0-9-_.].
const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas outside parentheses: "a in (x,y),b" → ["a in (x,y)", "b"]. */
function splitRequirements(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (value.length > 63 || !VALUE.test(value)) {
    throw badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${selector}"`);
  }
  return value;
}

function parseRequirement(text: string, selector: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const values = set[3]!.split(',').map((v) => checkValue(v.trim(), selector));
    return { op: set[2] as 'in' | 'notin', key: checkKey(set[1]!, selector), values };
  }
  const compare = /^([^!=<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (compare) {
    const [, key, op, raw] = compare as unknown as [string, string, string, string];
    checkKey(key, selector);
    if (op === '<' || op === '>') {
      const value = Number(raw.trim());
      if (!Number.isInteger(value))
        throw badRequest(`unable to parse requirement: for 'gt', 'lt' operators, the value must be an integer`);
      return { op: op === '<' ? 'lt' : 'gt', key, value };
    }
    const value = checkValue(raw.trim(), selector);
    return { op: op === '!=' ? 'notin' : 'in', key, values: [value] };
  }
  if (text.startsWith('!')) return { op: 'notExists', key: checkKey(text.slice(1).trim(), selector) };
  return { op: 'exists', key: checkKey(text, selector) };
}

function matches(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'exists':
      return has;
    case 'notExists':
      return !has;
    case 'in':
      return has && req.values.includes(value!);
    case 'notin': // as in Kubernetes, an object without the label matches "key!=v" and "key notin (...)"
      return !has || !req.values.includes(value!);
    case 'gt':
      return has && Number(value) > req.value;
    case 'lt':
      return has && Number(value) < req.value;
  }
}

/** Parses a labelSelector query parameter (=, ==, !=, in, notin, exists, !key, gt, lt); a bad one is a 400. */
export function parseLabelSelector(selector: string | null | undefined): LabelPredicate {
  if (!selector || selector.trim() === '') return () => true;
  const requirements = splitRequirements(selector).map((text) => parseRequirement(text, selector));
  return (labels) => requirements.every((req) => matches(req, labels ?? {}));
}
