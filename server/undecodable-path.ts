// A request path whose percent-encoding does not decode: `%zz`, a lone `%`, a UTF-8 sequence cut short (`%E0%A4%A`).
// Next decodes a route's parameters while it matches the route and, on such a path, answers a bare 500 "Internal
// Server Error" (not even its 400 page), so the console refuses it first, in proxy.ts.

export function undecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
