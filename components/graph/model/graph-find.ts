import type { GraphEdge, GraphNode } from '../../../lib/api/graph.js';

// The graph's find and hide expressions, as Kiali's graph takes them: `rps > 10`, `%error > 1`, `name = sa-logic`,
// `!healthy`, combined with AND / OR (AND binds tighter) and parentheses. Pure: parse once, evaluate per element.

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=';
type NumberField = 'rps' | '%error' | '%traffic' | 'responseTime';
type TextField = 'name' | 'version' | 'app' | 'namespace' | 'type' | 'protocol';
type Flag = 'healthy' | 'outside' | 'root' | 'sidecar' | 'idle' | 'mtls' | 'denied';

export type FindExpr =
  | { kind: 'and' | 'or'; left: FindExpr; right: FindExpr }
  | { kind: 'not'; expr: FindExpr }
  | { kind: 'number'; field: NumberField; op: Op; value: number }
  | { kind: 'text'; field: TextField; op: '=' | '!='; pattern: RegExp; value: string }
  | { kind: 'flag'; flag: Flag };

export type FindResult = { ok: true; expr: FindExpr } | { ok: false; error: string };

/** Which elements a field applies to: a node criterion never matches an edge and the other way round. */
type Target = 'node' | 'edge';

const NUMBER_FIELDS: Record<string, NumberField> = {
  rps: 'rps',
  '%error': '%error',
  'error%': '%error',
  '%traffic': '%traffic',
  'traffic%': '%traffic',
  responsetime: 'responseTime',
  rt: 'responseTime',
};
const TEXT_FIELDS: Record<string, TextField> = {
  name: 'name',
  version: 'version',
  app: 'app',
  namespace: 'namespace',
  ns: 'namespace',
  type: 'type',
  node: 'type',
  protocol: 'protocol',
};
const FLAGS: Record<string, Flag> = {
  healthy: 'healthy',
  outside: 'outside',
  outsider: 'outside',
  root: 'root',
  sidecar: 'sidecar',
  idle: 'idle',
  mtls: 'mtls',
  // Edges with requests the mesh's security refused (lib/api/graph.ts `denied`).
  denied: 'denied',
};
const EDGE_FIELDS = new Set<string>(['rps', '%error', '%traffic', 'responseTime', 'protocol', 'mtls', 'denied']);
const targetOf = (field: string): Target => (EDGE_FIELDS.has(field) ? 'edge' : 'node');

const KNOWN = [...Object.keys(NUMBER_FIELDS), ...Object.keys(TEXT_FIELDS), ...Object.keys(FLAGS)]
  .filter((k) => !['error%', 'traffic%', 'rt', 'ns', 'node', 'outsider'].includes(k))
  .map((k) => (k === 'responsetime' ? 'responseTime' : k));

type Token = { kind: 'word' | 'op' | 'lparen' | 'rparen' | 'not' | 'and' | 'or'; text: string; at: number };

function tokenize(input: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      tokens.push({ kind: two === '&&' ? 'and' : 'or', text: two, at: i });
      i += 2;
    } else if (['!=', '>=', '<='].includes(two)) {
      tokens.push({ kind: 'op', text: two, at: i });
      i += 2;
    } else if (c === '=' || c === '>' || c === '<') {
      tokens.push({ kind: 'op', text: c, at: i });
      i++;
    } else if (c === '!') {
      tokens.push({ kind: 'not', text: c, at: i });
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, at: i });
      i++;
    } else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end < 0) return `the quote at position ${i + 1} is never closed`;
      tokens.push({ kind: 'word', text: input.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const m = /^[^\s()=!<>"'&|]+/.exec(input.slice(i));
      if (!m) return `unexpected '${c}' at position ${i + 1}`;
      const word = m[0];
      const lower = word.toLowerCase();
      const kind = lower === 'and' ? 'and' : lower === 'or' ? 'or' : lower === 'not' ? 'not' : 'word';
      tokens.push({ kind, text: word, at: i });
      i += word.length;
    }
  }
  return tokens;
}

class ParseError extends Error {}

/** `sa-*` → /^sa-.*$/i: names compare case-insensitively, `*` matches anything. */
function globPattern(value: string): RegExp {
  const escaped = value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function parseNumber(field: string, raw: string): number {
  const m = /^(-?\d+(?:\.\d+)?)(ms|s|%)?$/i.exec(raw);
  if (!m) throw new ParseError(`${field} needs a number, not '${raw}'`);
  const n = Number(m[1]);
  return m[2]?.toLowerCase() === 's' ? n * 1000 : n;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FindExpr {
    const expr = this.or();
    const extra = this.tokens[this.pos];
    if (extra) {
      throw new ParseError(
        extra.kind === 'rparen'
          ? `a ')' at position ${extra.at + 1} has no '('`
          : `expected AND or OR before '${extra.text}' at position ${extra.at + 1}`,
      );
    }
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private or(): FindExpr {
    let left = this.and();
    while (this.peek()?.kind === 'or') {
      this.pos++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FindExpr {
    let left = this.unary();
    while (this.peek()?.kind === 'and') {
      this.pos++;
      const right = this.unary();
      const targets = new Set([...targetsOf(left), ...targetsOf(right)]);
      if (targets.size > 1) {
        throw new ParseError(
          'AND cannot join a node criterion (name, version, app, namespace, type, healthy…) with an edge one (rps, %error, responseTime, protocol, mtls, denied): no element is both; use OR or two finds',
        );
      }
      left = { kind: 'and', left, right };
    }
    return left;
  }

  private unary(): FindExpr {
    const token = this.peek();
    if (!token) throw new ParseError('the expression ends too early: expected a criterion such as rps > 10');
    if (token.kind === 'not') {
      this.pos++;
      return { kind: 'not', expr: this.unary() };
    }
    if (token.kind === 'lparen') {
      this.pos++;
      const inner = this.or();
      if (this.peek()?.kind !== 'rparen') throw new ParseError(`the '(' at position ${token.at + 1} is never closed`);
      this.pos++;
      return inner;
    }
    if (token.kind !== 'word')
      throw new ParseError(`expected a criterion at position ${token.at + 1}, not '${token.text}'`);
    this.pos++;
    return this.criterion(token);
  }

  private criterion(fieldToken: Token): FindExpr {
    const key = fieldToken.text.toLowerCase();
    const op = this.peek();
    if (op?.kind !== 'op') {
      const flag = FLAGS[key];
      if (flag) return { kind: 'flag', flag };
      if (NUMBER_FIELDS[key] || TEXT_FIELDS[key]) {
        throw new ParseError(
          `${fieldToken.text} needs a comparison, such as ${fieldToken.text} ${NUMBER_FIELDS[key] ? '> 10' : '= v2'}`,
        );
      }
      throw new ParseError(`unknown criterion '${fieldToken.text}': use ${KNOWN.join(', ')}`);
    }
    this.pos++;
    const valueToken = this.peek();
    if (valueToken?.kind !== 'word') {
      throw new ParseError(`expected a value after '${fieldToken.text} ${op.text}'`);
    }
    this.pos++;
    const number = NUMBER_FIELDS[key];
    if (number)
      return { kind: 'number', field: number, op: op.text as Op, value: parseNumber(fieldToken.text, valueToken.text) };
    const text = TEXT_FIELDS[key];
    if (text) {
      if (op.text !== '=' && op.text !== '!=') {
        throw new ParseError(`${fieldToken.text} compares with = or !=, not ${op.text}`);
      }
      return { kind: 'text', field: text, op: op.text, pattern: globPattern(valueToken.text), value: valueToken.text };
    }
    if (FLAGS[key]) throw new ParseError(`${fieldToken.text} takes no value: write ${key} or !${key}`);
    throw new ParseError(`unknown criterion '${fieldToken.text}': use ${KNOWN.join(', ')}`);
  }
}

function targetsOf(expr: FindExpr): Target[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return [...targetsOf(expr.left), ...targetsOf(expr.right)];
    case 'not':
      return targetsOf(expr.expr);
    case 'number':
    case 'text':
      return [targetOf(expr.field)];
    case 'flag':
      return [targetOf(expr.flag)];
  }
}

/** Parses a find or hide expression; an empty one is not an error the caller needs to show, so it says so. */
export function parseFind(input: string): FindResult {
  if (input.trim() === '') return { ok: false, error: 'the expression is empty' };
  const tokens = tokenize(input);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  try {
    return { ok: true, expr: new Parser(tokens).parse() };
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, error: err.message };
    throw err;
  }
}

function compare(actual: number | undefined, op: Op, value: number): boolean {
  if (actual === undefined || Number.isNaN(actual)) return false;
  switch (op) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
  }
}

const UNHEALTHY = new Set(['Degraded', 'Failure', 'Not Ready']);

/** Every name a node answers to: its app, workload, service, hosts. */
function namesOf(node: GraphNode): string[] {
  return [node.app, node.workload, node.service, node.aggregateValue, ...(node.hosts ?? []), node.id].filter(
    (n): n is string => n !== undefined,
  );
}

type Element = { node: GraphNode } | { edge: GraphEdge };

function evaluate(expr: FindExpr, el: Element): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, el) && evaluate(expr.right, el);
    case 'or':
      return evaluate(expr.left, el) || evaluate(expr.right, el);
    case 'not': {
      // `!healthy` on an edge is not "an edge that is not healthy": a criterion of the other kind stays false.
      const applies = targetsOf(expr.expr).some((t) => t === ('node' in el ? 'node' : 'edge'));
      return applies && !evaluate(expr.expr, el);
    }
    case 'number': {
      if (!('edge' in el)) return false;
      const e = el.edge;
      const actual =
        expr.field === 'rps'
          ? e.protocol === 'tcp'
            ? e.bps
            : e.rps
          : expr.field === '%error'
            ? e.errorRatio * 100
            : expr.field === '%traffic'
              ? e.share * 100
              : (e.p95 ?? e.mean ?? e.p50 ?? e.p99);
      return compare(actual, expr.op, expr.value);
    }
    case 'text': {
      let values: string[];
      if ('edge' in el) {
        if (expr.field !== 'protocol') return false;
        values = [el.edge.protocol];
      } else {
        const n = el.node;
        if (expr.field === 'protocol') return false;
        values =
          expr.field === 'name'
            ? namesOf(n)
            : expr.field === 'version'
              ? [n.version ?? '']
              : expr.field === 'app'
                ? [n.app ?? '']
                : expr.field === 'namespace'
                  ? [n.namespace]
                  : [n.nodeType];
      }
      const hit = values.some((v) => expr.pattern.test(v));
      return expr.op === '=' ? hit : !hit;
    }
    case 'flag': {
      if ('edge' in el)
        return expr.flag === 'mtls'
          ? (el.edge.mtlsRatio ?? 0) > 0
          : expr.flag === 'denied' && el.edge.denied !== undefined;
      const n = el.node;
      switch (expr.flag) {
        case 'healthy':
          return !UNHEALTHY.has(n.health?.status ?? 'NA');
        case 'outside':
          return n.isOutside === true;
        case 'root':
          return n.isRoot === true;
        case 'sidecar':
          return n.hasSidecar;
        case 'idle':
          return n.badges.includes('idle');
        case 'mtls':
        case 'denied':
          return false;
      }
    }
  }
}

export function matchesNode(expr: FindExpr, node: GraphNode): boolean {
  return evaluate(expr, { node });
}

export function matchesEdge(expr: FindExpr, edge: GraphEdge): boolean {
  return evaluate(expr, { edge });
}
