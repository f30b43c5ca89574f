// A cookie matched in a VirtualService: Istio matches headers only, so a cookie is a regex on the `cookie` header
// (the Istio docs' own example is `cookie: regex: "^(.*?;)?(user=jason)(;.*)?$"`, istio.io reference/config/
// networking/virtual-service, HTTPMatchRequest). Browsers separate cookies with "; " (RFC 6265 §4.2.1), so this one
// allows the space too. Header regexes are RE2; name and value are escaped so that a dot matches a dot.

const RE2_SPECIAL = /[\\.+*?()|[\]{}^$]/g;

export const escapeRegex = (text: string) => text.replace(RE2_SPECIAL, (c) => `\\${c}`);
const unescapeRegex = (text: string) => text.replace(/\\(.)/g, '$1');

export function cookieRegex(name: string, value: string): string {
  return `^(.*?; ?)?(${escapeRegex(name)}=${escapeRegex(value)})(;.*)?$`;
}

/** The cookie name and value of a regex cookieRegex made; null for any other regex. */
export function parseCookieRegex(regex: string): { cookie: string; value: string } | null {
  const inner = /^\^\(\.\*\?; \?\)\?\(((?:\\.|[^\\=()])+)=((?:\\.|[^\\()])*)\)\(;\.\*\)\?\$$/.exec(regex);
  if (!inner?.[1] || inner[2] === undefined) return null;
  return { cookie: unescapeRegex(inner[1]), value: unescapeRegex(inner[2]) };
}
