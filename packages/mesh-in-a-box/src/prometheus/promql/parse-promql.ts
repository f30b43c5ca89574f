// The grammar ships types its package.json "exports" hide; a tsc that reaches this file from outside the package
// (the root's, through the public entry) finds the declaration only through this reference.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./lezer-promql.d.ts" />
// PromQL text → syntax tree, with the real grammar (@prometheus-io/lezer-promql, the one Prometheus' own UI uses)
// and the type checks of Prometheus' parser, so a bad query fails here with a message in Prometheus' form
// ("1:6: parse error: …") instead of evaluating to a wrong answer.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { InvalidRegexError, labelMatcher, type LabelMatcher, type MatchType } from '../label-matcher.js';
import {
  COMPARISON_OPS,
  FUNCTION_TYPES,
  SET_OPS,
  typeOf,
  type AggregateOp,
  type At,
  type BinaryOp,
  type Expr,
  type ValueType,
  type VectorMatching,
  type VectorSelector,
} from './ast.js';
import { parseDurationMs } from './duration.js';
import { parseNumber, position, syntaxMessage, unquote } from './literals.js';

export { parseNumber, unquote };

export class PromqlParseError extends Error {}

const DOCUMENTED: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

const AGGREGATES_WITH_PARAM = new Set(['topk', 'bottomk', 'quantile', 'count_values']);

/** Parses a PromQL expression; throws PromqlParseError with Prometheus' position prefix. */
export function parsePromql(query: string): Expr {
  if (query.trim() === '') throw new PromqlParseError('1:1: parse error: no expression found in input');
  const tree = parser.parse(query);
  const fail = (from: number, message: string): never => {
    throw new PromqlParseError(`${position(query, from)} parse error: ${message}`);
  };
  // The grammar recovers from errors with ⚠ nodes; the first one is where Prometheus' parser would stop.
  let errorAt = -1;
  tree.iterate({
    enter(n) {
      if (errorAt >= 0) return false;
      if (n.type.isError) errorAt = n.from;
      return undefined;
    },
  });
  if (errorAt >= 0) fail(errorAt, syntaxMessage(query, errorAt));
  const top = tree.topNode.firstChild;
  if (!top) return fail(0, 'no expression found in input');
  return new Builder(query, fail).expr(top);
}

class Builder {
  constructor(
    private readonly q: string,
    private readonly fail: (from: number, message: string) => never,
  ) {}

  text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  expr(n: SyntaxNode): Expr {
    switch (n.name) {
      case 'NumberLiteral':
        return { kind: 'number', value: parseNumber(this.text(n)) };
      case 'StringLiteral':
        return { kind: 'string', value: unquote(this.text(n)) };
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(this.children(n)[0]!) };
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector':
        return this.matrixSelector(n);
      case 'SubqueryExpr':
        return this.subquery(n);
      case 'OffsetExpr':
        return this.offset(n);
      case 'StepInvariantExpr':
        return this.at(n);
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'BinaryExpr':
        return this.binary(n);
      case 'UnaryExpr':
        return this.unary(n);
      default:
        return this.fail(n.from, `unexpected ${n.name}`);
    }
  }

  private children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  private vectorSelector(n: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | undefined;
    for (const c of this.children(n)) {
      if (c.name === 'Identifier') {
        name = this.text(c);
        matchers.push(labelMatcher('__name__', '=', name));
      } else if (c.name === 'LabelMatchers') {
        for (const lm of this.children(c)) {
          if (lm.name !== 'LabelMatcher') continue;
          const [label, op, value] = this.children(lm);
          const labelName = this.text(label!);
          const type = this.text(op!) as MatchType;
          if (labelName === '__name__' && name !== undefined) {
            this.fail(lm.from, `metric name must not be set twice: "${name}" or "${unquote(this.text(value!))}"`);
          }
          try {
            matchers.push(labelMatcher(labelName, type, unquote(this.text(value!))));
          } catch (err) {
            if (err instanceof InvalidRegexError) this.fail(lm.from, err.message);
            throw err;
          }
        }
      }
    }
    // Prometheus refuses selectors that would match every series: at least one matcher must reject the empty value.
    if (!matchers.some((m) => !m.matches(''))) {
      this.fail(n.from, 'vector selector must contain at least one non-empty matcher');
    }
    return { kind: 'vectorSelector', name, matchers, offsetMs: 0, at: undefined };
  }

  private matrixSelector(n: SyntaxNode): Expr {
    const [sel, dur] = this.children(n);
    const inner = this.expr(sel!);
    if (inner.kind !== 'vectorSelector') {
      return this.fail(n.from, 'ranges only allowed for vector selectors');
    }
    if (inner.offsetMs !== 0 || inner.at) this.fail(n.from, 'no offset or @ modifiers allowed before range');
    return { kind: 'matrixSelector', selector: inner, rangeMs: this.duration(dur!) };
  }

  private subquery(n: SyntaxNode): Expr {
    const [inner, range, step] = this.children(n);
    const expr = this.expr(inner!);
    if (typeOf(expr) !== 'vector') {
      this.fail(n.from, `subquery is only allowed on instant vector, got ${DOCUMENTED[typeOf(expr)]} instead`);
    }
    return {
      kind: 'subquery',
      expr,
      rangeMs: this.duration(range!),
      stepMs: step?.name === 'Duration' ? this.duration(step) : undefined,
      offsetMs: 0,
      at: undefined,
    };
  }

  private offset(n: SyntaxNode): Expr {
    const parts = this.children(n);
    const inner = this.expr(parts[0]!);
    const negative = parts.some((p) => p.name === 'Sub');
    const ms = this.duration(parts[parts.length - 1]!) * (negative ? -1 : 1);
    const target = inner.kind === 'matrixSelector' ? inner.selector : inner;
    if (target.kind !== 'vectorSelector' && target.kind !== 'subquery') {
      return this.fail(
        n.from,
        'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
      );
    }
    if (target.offsetMs !== 0) this.fail(n.from, 'offset may not be set multiple times');
    target.offsetMs = ms;
    return inner;
  }

  private at(n: SyntaxNode): Expr {
    const parts = this.children(n);
    const inner = this.expr(parts[0]!);
    const last = parts[parts.length - 1]!;
    let at: At;
    if (last.name === 'AtModifierPreprocessors') {
      at = { kind: this.text(last).startsWith('start') ? 'start' : 'end' };
    } else {
      const negative = parts.some((p) => p.name === 'Sub');
      const seconds = parseNumber(this.text(last)) * (negative ? -1 : 1);
      if (!Number.isFinite(seconds)) this.fail(last.from, 'timestamp out of bounds for @ modifier');
      at = { kind: 'time', ms: Math.round(seconds * 1000) };
    }
    const target = inner.kind === 'matrixSelector' ? inner.selector : inner;
    if (target.kind !== 'vectorSelector' && target.kind !== 'subquery') {
      return this.fail(
        n.from,
        '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
      );
    }
    if (target.at) this.fail(n.from, '@ <timestamp> may not be set multiple times');
    target.at = at;
    return inner;
  }

  private call(n: SyntaxNode): Expr {
    const [ident, body] = this.children(n);
    const name = this.text(ident!);
    const args = body ? this.children(body).map((a) => this.expr(a)) : [];
    const sig = FUNCTION_TYPES[name];
    if (!sig) {
      return this.fail(
        n.from,
        `function "${name}" is not supported by the mesh in a box's built-in Prometheus (run the demo with --prometheus for a real one)`,
      );
    }
    const variadic = sig.variadic ?? 0;
    const nargs = sig.args.length;
    if (variadic === 0 && args.length !== nargs) {
      this.fail(n.from, `expected ${nargs} argument(s) in call to "${name}", got ${args.length}`);
    } else if (variadic !== 0 && args.length < nargs - 1) {
      this.fail(n.from, `expected at least ${nargs - 1} argument(s) in call to "${name}", got ${args.length}`);
    } else if (variadic > 0 && args.length > nargs - 1 + variadic) {
      this.fail(
        n.from,
        `expected at most ${nargs - 1 + variadic} argument(s) in call to "${name}", got ${args.length}`,
      );
    }
    const argNodes = body ? this.children(body) : [];
    args.forEach((arg, i) => {
      const want = sig.args[Math.min(i, nargs - 1)]!;
      this.expectType(arg, want, `call to function "${name}"`, argNodes[i]!.from);
    });
    return { kind: 'call', name, args };
  }

  private aggregate(n: SyntaxNode): Expr {
    let op = '';
    let grouping: string[] = [];
    let without = false;
    let body: SyntaxNode | undefined;
    for (const c of this.children(n)) {
      if (c.name === 'AggregateOp') op = this.text(c);
      else if (c.name === 'AggregateModifier') {
        without = c.firstChild?.name === 'Without';
        const labels = c.getChild('GroupingLabels');
        grouping = labels
          ? this.children(labels)
              .filter((l) => l.name === 'LabelName')
              .map((l) => this.text(l))
          : [];
      } else if (c.name === 'FunctionCallBody') body = c;
    }
    const argNodes = body ? this.children(body) : [];
    const args = argNodes.map((a) => this.expr(a));
    if (op === 'limitk' || op === 'limit_ratio') this.fail(n.from, `aggregation "${op}" is not supported`);
    const needsParam = AGGREGATES_WITH_PARAM.has(op);
    if (args.length !== (needsParam ? 2 : 1)) {
      this.fail(
        n.from,
        needsParam
          ? `wrong number of arguments for aggregate expression provided, expected 2, got ${args.length}`
          : `wrong number of arguments for aggregate expression provided, expected 1, got ${args.length}`,
      );
    }
    const expr = args[args.length - 1]!;
    this.expectType(expr, 'vector', 'aggregation expression', argNodes[argNodes.length - 1]!.from);
    const param = needsParam ? args[0] : undefined;
    if (param) {
      this.expectType(param, op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter', argNodes[0]!.from);
    }
    return { kind: 'aggregate', op: op as AggregateOp, expr, param, grouping, without };
  }

  private binary(n: SyntaxNode): Expr {
    const parts = this.children(n);
    const lhs = this.expr(parts[0]!);
    const rhs = this.expr(parts[parts.length - 1]!);
    const opNode = parts[1]!;
    const op = this.text(opNode).toLowerCase();
    if (op === 'atan2') return this.fail(opNode.from, 'the atan2 operator is not supported by the built-in Prometheus');
    const bool = parts.some((p) => p.name === 'BoolModifier');
    const clause = parts.find((p) => p.name === 'MatchingModifierClause');
    const lt = typeOf(lhs);
    const rt = typeOf(rhs);
    const isComparison = COMPARISON_OPS.includes(op);
    const isSet = SET_OPS.includes(op);
    if (bool && !isComparison) this.fail(n.from, 'bool modifier can only be used on comparison operators');
    if (isComparison && lt === 'scalar' && rt === 'scalar' && !bool) {
      this.fail(n.from, 'comparisons between scalars must use BOOL modifier');
    }
    for (const [t, side] of [
      [lt, parts[0]!],
      [rt, parts[parts.length - 1]!],
    ] as const) {
      if (t !== 'scalar' && t !== 'vector')
        this.fail(side.from, 'binary expression must contain only scalar and instant vector types');
    }
    if (isSet && (lt === 'scalar' || rt === 'scalar')) {
      this.fail(n.from, `set operator "${op}" not allowed in binary scalar expression`);
    }
    let matching: VectorMatching | undefined;
    if (lt === 'vector' && rt === 'vector') {
      matching = { card: isSet ? 'many-to-many' : 'one-to-one', on: false, labels: [], include: [] };
      if (clause) {
        const cs = this.children(clause);
        matching.on = cs[0]!.name === 'On';
        const groups = cs.filter((c) => c.name === 'GroupingLabels');
        matching.labels = this.labelNames(groups[0]);
        const side = cs.find((c) => c.name === 'GroupLeft' || c.name === 'GroupRight');
        if (side) {
          if (isSet) this.fail(n.from, `no grouping allowed for "${op}" operation`);
          matching.card = side.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
          matching.include = this.labelNames(groups[1]);
          for (const l of matching.include) {
            if (matching.on && matching.labels.includes(l)) {
              this.fail(n.from, `label "${l}" must not occur in ON and GROUP clause at once`);
            }
          }
        }
      }
    } else if (clause) {
      this.fail(n.from, 'vector matching only allowed between instant vectors');
    }
    return { kind: 'binary', op: op as BinaryOp, lhs, rhs, bool, matching };
  }

  private unary(n: SyntaxNode): Expr {
    const [opNode, inner] = this.children(n);
    const expr = this.expr(inner!);
    const t = typeOf(expr);
    if (t !== 'scalar' && t !== 'vector')
      this.fail(
        n.from,
        `unary expression only allowed on expressions of type scalar or instant vector, got "${DOCUMENTED[t]}"`,
      );
    const op = this.text(opNode!) as '-' | '+';
    // Prometheus folds a signed number into the literal.
    if (expr.kind === 'number') return { kind: 'number', value: op === '-' ? -expr.value : expr.value };
    return { kind: 'unary', op, expr };
  }

  private labelNames(n: SyntaxNode | undefined): string[] {
    return n
      ? this.children(n)
          .filter((l) => l.name === 'LabelName')
          .map((l) => this.text(l))
      : [];
  }

  private duration(n: SyntaxNode): number {
    const ms = parseDurationMs(this.text(n));
    if (ms === undefined) return this.fail(n.from, `not a valid duration string: "${this.text(n)}"`);
    if (ms === 0) return this.fail(n.from, `duration must be greater than 0`);
    return ms;
  }

  private expectType(e: Expr, want: ValueType, context: string, from: number): void {
    const got = typeOf(e);
    if (got !== want) this.fail(from, `expected type ${DOCUMENTED[want]} in ${context}, got ${DOCUMENTED[got]}`);
  }
}
