// Small inline icons; always beside a word, so they are hidden from assistive technology.
const PATHS = {
  ok: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 5.2-4 4.3a.75.75 0 0 1-1.1 0L4.7 8.9a.75.75 0 1 1 1.1-1l1 1.1 3.4-3.8a.75.75 0 1 1 1.1 1Z',
  warn: 'M8.9 1.6a1 1 0 0 0-1.8 0L.6 13.5A1 1 0 0 0 1.5 15h13a1 1 0 0 0 .9-1.5L8.9 1.6ZM8 5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 8 5Zm0 8a1 1 0 1 1 0-2 1 1 0 0 1 0 2Z',
  error:
    'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm2.7 9.7a.75.75 0 0 1-1 0L8 9.1l-1.7 1.6a.75.75 0 0 1-1-1L6.9 8 5.3 6.3a.75.75 0 0 1 1-1L8 6.9l1.7-1.6a.75.75 0 0 1 1 1L9.1 8l1.6 1.7a.75.75 0 0 1 0 1Z',
  unknown:
    'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 11.5a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8Zm1.3-4.3c-.5.3-.6.5-.6.8v.2H7.3V9c0-.8.4-1.3 1-1.7.5-.3.7-.5.7-.9 0-.4-.4-.7-.9-.7s-1 .3-1 .9H5.6C5.7 5.2 6.7 4.4 8.1 4.4c1.4 0 2.4.8 2.4 1.9 0 .8-.5 1.4-1.2 1.9Z',
  route: 'M3 2h4v2H5v3h6V4H9V2h4v4h-2v3H5v3h2v2H3v-4h2V9H3V6h2V4H3V2Z',
  shield: 'M8 1 2.5 3v4.5c0 3.3 2.3 6.3 5.5 7.5 3.2-1.2 5.5-4.2 5.5-7.5V3L8 1Z',
  gateway: 'M2 3h12v2H2V3Zm1 3h2v6H3V6Zm4 0h2v6H7V6Zm4 0h2v6h-2V6ZM2 13h12v1.5H2V13Z',
  sidecar: 'M3 3h6v10H3V3Zm7 2h3v6h-3V5Z',
  lock: 'M5 7V5a3 3 0 1 1 6 0v2h1v7H4V7h1Zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2Z',
  refresh: 'M13 3v4H9l1.6-1.6A4 4 0 1 0 12 8h1.5A5.5 5.5 0 1 1 11.7 4.3L13 3Z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className = 'h-3.5 w-3.5' }: { name: IconName; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
      className={`shrink-0 ${className}`}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
