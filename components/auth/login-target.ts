/** Where to go after logging in: a path of this console only (never another site), else the overview. */
export function loginTarget(next: string | null | undefined): string {
  return next && /^\/(?![/\\])/.test(next) && !next.startsWith('/login') ? next : '/';
}

/** The login page's URL that comes back to `path` afterwards. */
export function loginUrlFor(path: string): string {
  return `/login?next=${encodeURIComponent(loginTarget(path))}`;
}
