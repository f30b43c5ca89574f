// Kubernetes label selectors (matchLabels and matchExpressions), as the API server evaluates them
// (k8s.io/apimachinery metav1.LabelSelectorAsSelector): every term must hold; no terms select everything.
import { arr, labelsOf, obj, str, strs } from '../util.js';

export type Expr = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };

export function exprsOf(selector: unknown): Expr[] {
  const s = obj(selector);
  const out: Expr[] = Object.entries(labelsOf(s['matchLabels'])).map(([key, v]) => ({
    key,
    operator: 'In',
    values: [v],
  }));
  for (const e of arr(s['matchExpressions'])) {
    const key = str(obj(e)['key']);
    const operator = str(obj(e)['operator']);
    if (key && (operator === 'In' || operator === 'NotIn' || operator === 'Exists' || operator === 'DoesNotExist'))
      out.push({ key, operator, values: strs(obj(e)['values']) });
  }
  return out;
}

export function exprsMatch(exprs: Expr[], l: Record<string, string>): boolean {
  return exprs.every((x) => {
    const v = l[x.key];
    switch (x.operator) {
      case 'In':
        return v !== undefined && (x.values ?? []).includes(v);
      case 'NotIn':
        return v === undefined || !(x.values ?? []).includes(v);
      case 'Exists':
        return v !== undefined;
      case 'DoesNotExist':
        return v === undefined;
    }
  });
}

export const selectorMatchesLabels = (selector: unknown, l: Record<string, string>) => exprsMatch(exprsOf(selector), l);
