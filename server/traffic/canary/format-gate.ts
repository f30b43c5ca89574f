// Numbers in a gate's sentence as a person reads them: "success rate 80.2 % < 99 %". One decimal, more when one
// decimal would print a failing value equal to its threshold (98.96 % against 99 % is not "99 % < 99 %").
export function formatPair(value: number, threshold: number): [string, string] {
  for (let decimals = 1; decimals < 4; decimals++) {
    const v = formatNumber(value, decimals);
    const t = formatNumber(threshold, decimals);
    if (v !== t || value === threshold) return [v, t];
  }
  return [String(value), String(threshold)];
}

export function formatNumber(n: number, decimals = 1): string {
  const factor = 10 ** decimals;
  return String(Math.round(n * factor) / factor);
}

export const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);
