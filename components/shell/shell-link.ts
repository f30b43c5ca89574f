// The shell's controls travel with every link, so a page opened from the nav keeps the window, interval and namespaces.
const KEPT = ['window', 'refresh', 'namespaces'] as const;

export function keepControls(path: string, search: URLSearchParams | null | undefined): string {
  const kept = new URLSearchParams();
  for (const key of KEPT) {
    const value = search?.get(key);
    if (value) kept.set(key, value);
  }
  const query = kept.toString();
  return query ? `${path}?${query}` : path;
}
