// The console's Dockerfile against the lint rules (test/helpers/dockerfile-lint.ts), each rule shown failing on a
// Dockerfile that breaks it, and the image's runtime facts read against deploy/base/deployment.yaml, which runs it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintDockerfile, parseDockerfile, type Instruction } from '../../helpers/dockerfile-lint.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** A Dockerfile that passes every rule, for the cases below to break one line of. */
const GOOD = [
  'FROM node:20.20.2-bookworm-slim AS build', // 1
  'WORKDIR /app', // 2
  'COPY package.json package-lock.json ./', // 3
  'RUN npm ci', // 4
  'FROM gcr.io/distroless/nodejs20-debian12:nonroot', // 5
  'WORKDIR /app', // 6
  'ENV NODE_ENV=production PORT=3000', // 7
  'COPY --from=build /app/.next/standalone ./', // 8
  'USER 65532:65532', // 9
  'CMD ["server.js"]', // 10
];
const breaking = (line: number, text: string) => GOOD.map((l, i) => (i + 1 === line ? text : l)).join('\n');

describe('the Dockerfile lint', () => {
  it('finds nothing to report in the console’s Dockerfile', () => {
    expect(lintDockerfile(dockerfile)).toEqual([]);
  });

  it('finds nothing to report in the example that the failing cases start from', () => {
    expect(lintDockerfile(GOOD.join('\n'))).toEqual([]);
  });

  // [rule, the line of GOOD replaced, what it then reads, the line reported, words of the message]. A missing USER is
  // reported at the final stage's FROM (line 5), the stage that lacks it.
  it.each([
    ['DL3007', 1, 'FROM node:latest AS build', 1, 'FROM node:latest uses the tag latest'],
    ['DL3006', 5, 'FROM gcr.io/distroless/nodejs20-debian12', 5, 'has no tag'],
    ['DL3002', 9, 'USER root', 9, 'the final stage runs as root'],
    ['SX003', 9, '# no USER', 5, 'the final stage sets no USER'],
    ['DL3020', 3, 'ADD package.json package-lock.json ./', 3, 'use COPY'],
    ['DL3025', 10, 'CMD node server.js', 10, 'is in shell form'],
    ['DL3000', 2, 'WORKDIR app', 2, 'WORKDIR app is relative'],
    ['SX001', 4, 'RUN npm install', 4, 'use npm ci'],
    ['SX002', 7, 'ENV NODE_ENV=production GITHUB_TOKEN=ghp_x', 7, 'ENV GITHUB_TOKEN looks like a secret'],
  ])('reports %s when line %i reads "%s"', (rule, brokenLine, text, reportedLine, words) => {
    const findings = lintDockerfile(breaking(brokenLine, text));
    expect(findings.map((f) => [f.rule, f.line])).toEqual([[rule, reportedLine]]);
    expect(findings[0]!.message).toContain(`line ${reportedLine}: `);
    expect(findings[0]!.message).toContain(words);
  });

  it('reports a secret passed as a build ARG, and lets a stage be built FROM an earlier one without a tag', () => {
    const text = ['FROM node:20.20.2-bookworm-slim AS deps', 'ARG NPM_TOKEN', 'FROM deps', 'USER 1000', 'CMD ["x"]'];
    expect(lintDockerfile(text.join('\n')).map((f) => [f.rule, f.line])).toEqual([['SX002', 2]]);
  });

  it('reads a continued instruction as one, at the line it starts on', () => {
    const file = parseDockerfile('FROM a:1\nENV A=1 \\\n    # a comment\n    B=2\nUSER 1\n');
    expect(file.instructions.map((i) => [i.keyword, i.args, i.line])).toEqual([
      ['FROM', 'a:1', 1],
      ['ENV', 'A=1 B=2', 2],
      ['USER', '1', 5],
    ]);
  });
});

// deploy/base/deployment.yaml, as much of it as the image must agree with.
interface Deployment {
  spec: {
    template: {
      spec: {
        securityContext: { runAsUser: number; runAsGroup: number };
        containers: {
          ports: { containerPort: number }[];
          env: { name: string; value?: string }[];
          volumeMounts: { name: string; mountPath: string }[];
          securityContext: { readOnlyRootFilesystem: boolean };
        }[];
      };
    };
  };
}

describe('the image the Dockerfile builds', () => {
  const { instructions, stages } = parseDockerfile(dockerfile);
  const runtime = stages.length - 1;
  const inRuntime = (keyword: string) => instructions.filter((i) => i.stage === runtime && i.keyword === keyword);
  const env = new Map(
    inRuntime('ENV').flatMap((i) => [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g)].map((m) => [m[1]!, m[2]!])),
  );
  const workdir = inRuntime('WORKDIR').at(-1)!.args;

  it('runs on a shell-less base and needs no shell to start: no RUN, exec-form node server.js, as uid 65532 in /app', () => {
    expect(stages[runtime]!.image).toMatch(/^gcr\.io\/distroless\/cc-debian12:nonroot(?:@sha256:[0-9a-f]{64})?$/);
    expect(inRuntime('RUN')).toEqual([]);
    expect(JSON.parse(inRuntime('ENTRYPOINT').at(-1)!.args)).toEqual(['/nodejs/bin/node']);
    expect(JSON.parse(inRuntime('CMD').at(-1)!.args)).toEqual(['server.js']);
    expect(inRuntime('USER').at(-1)!.args).toBe('65532:65532');
    expect(workdir).toBe('/app');
    expect(inRuntime('EXPOSE').map((i) => i.args)).toEqual(['3000']);
    expect(Object.fromEntries(env)).toMatchObject({ NODE_ENV: 'production', HOSTNAME: '0.0.0.0', PORT: '3000' });
  });

  it('holds only Node, the standalone server, its static files, public/ and an empty cache directory', () => {
    const copied = inRuntime('COPY').map((i: Instruction) => i.args.replace(/--chown=\S+\s+/, ''));
    expect(copied).toEqual([
      // The Node binary of the build stage, where the node image of its FROM installs it, at distroless' path.
      '--from=deps /usr/local/bin/node /nodejs/bin/node',
      '--from=build /app/.next/standalone ./',
      '--from=build /app/.next/static ./.next/static',
      '--from=build /app/public ./public',
      '--from=build /app/empty ./.next/cache',
    ]);
    // The one directory the server writes to, besides /tmp, belongs to the user it runs as.
    expect(inRuntime('COPY').at(-1)!.args).toContain('--chown=65532:65532');
  });

  it('agrees with deploy/base/deployment.yaml: the port, the user, the environment and the writable cache', () => {
    const deployment = parse(readFileSync(join(ROOT, 'deploy/base/deployment.yaml'), 'utf8')) as Deployment;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0]!;
    const [uid, gid] = inRuntime('USER').at(-1)!.args.split(':').map(Number);
    expect([pod.securityContext.runAsUser, pod.securityContext.runAsGroup]).toEqual([uid, gid]);
    expect(container.ports.map((p) => String(p.containerPort))).toEqual(inRuntime('EXPOSE').map((i) => i.args));
    const podEnv = new Map(container.env.map((e) => [e.name, e.value]));
    for (const name of ['PORT', 'HOSTNAME']) expect(podEnv.get(name), name).toBe(env.get(name));
    // With a read-only root filesystem, the pod must mount what the server writes: Next's cache and /tmp.
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts.map((m) => m.mountPath)).toEqual(
      expect.arrayContaining([`${workdir}/.next/cache`, '/tmp']),
    );
  });

  it('is built from a context without dependencies, builds, tests or the mesh in a box (.dockerignore)', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', '.next', 'test', 'bench', 'packages/mesh-in-a-box/*', '**/kubeconfig']),
    );
    // Only its package.json comes back, which `npm ci` needs to read the workspace's lockfile.
    expect(ignored.filter((l) => l.startsWith('!'))).toEqual(['!packages/mesh-in-a-box/package.json']);
  });
});
