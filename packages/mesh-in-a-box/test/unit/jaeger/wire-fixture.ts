import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The wire samples live in the team's shared folder, next to the repository (or inside it, once vendored).
const candidates = ['../../../../../shared/fixtures/wire/', '../../../../../../shared/fixtures/wire/'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

export function readWireFixture(name: string): string {
  const dir = candidates.find((candidate) => existsSync(candidate + name));
  if (!dir) throw new Error(`wire fixture ${name} not found in ${candidates.join(' or ')}`);
  return readFileSync(dir + name, 'utf8');
}
