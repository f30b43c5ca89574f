// A small Dockerfile parser and the lint rules the console's image is held to. Hadolint is the usual tool, but it is
// neither on npm nor in Debian, so the rules it and BuildKit's build checks have for what matters here are written
// again: where a rule means the same as one of hadolint's, it keeps hadolint's id (github.com/hadolint/hadolint,
// "Rules"); the SX rules are the project's own.

export interface Instruction {
  /** Upper case: FROM, RUN, COPY… */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  /** Index of the stage it belongs to (the FROM before it); -1 before the first FROM (ARGs, parser directives). */
  stage: number;
}

export interface Stage {
  image: string;
  alias?: string;
  line: number;
}

export interface Dockerfile {
  instructions: Instruction[];
  stages: Stage[];
}

export interface Finding {
  rule: string;
  line: number;
  message: string;
}

/** Splits a Dockerfile into instructions: comments and blank lines dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!.trim();
    if (first === '' || first.startsWith('#')) continue;
    const line = i + 1;
    let joined = first;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = joined.slice(0, -1).trimEnd();
      // Comment lines inside a continued instruction are dropped, as Docker does.
      do i++;
      while (i < lines.length && lines[i]!.trim().startsWith('#'));
      if (i < lines.length) joined += ` ${lines[i]!.trim()}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(joined)!;
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!;
    if (keyword === 'FROM') {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', ...(asAt > 0 ? { alias: words[asAt + 1] } : {}), line });
    }
    instructions.push({ keyword, args, line, stage: stages.length - 1 });
  }
  return { instructions, stages };
}

/** The instruction's arguments without its leading `--flag=value` options (COPY --from=build, RUN --mount=…). */
function withoutFlags(args: string): string {
  return args.replace(/^(?:--\S+\s+)*/, '');
}

function isJsonArray(args: string): boolean {
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

type Rule = (file: Dockerfile) => Finding[];

const at = (rule: string, instruction: { line: number }, message: string): Finding => ({
  rule,
  line: instruction.line,
  message: `line ${instruction.line}: ${message}`,
});

// Names of earlier stages may be FROM'd without a tag: they are built here, not pulled.
const stageAliases = (file: Dockerfile, before: number) =>
  new Set(file.stages.slice(0, before).flatMap((s) => (s.alias ? [s.alias.toLowerCase()] : [])));

/** DL3006 and DL3007: a pulled image names its version (a tag other than latest, or a digest). */
const pinnedFrom: Rule = (file) =>
  file.stages.flatMap((stage, index): Finding[] => {
    if (stage.image === 'scratch' || stageAliases(file, index).has(stage.image.toLowerCase())) return [];
    const [name, digest] = stage.image.split('@');
    const lastPart = name!.split('/').pop()!;
    const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
    if (tag === 'latest')
      return [at('DL3007', stage, `FROM ${stage.image} uses the tag latest; name the version (a tag or @sha256:…).`)];
    if (!tag && !digest)
      return [at('DL3006', stage, `FROM ${stage.image} has no tag; name the version (a tag or @sha256:…).`)];
    return [];
  });

/** DL3002 and SX003: the image's own stage says which user runs it, and that user is not root. */
const nonRootUser: Rule = (file) => {
  const last = file.stages.length - 1;
  const users = file.instructions.filter((i) => i.keyword === 'USER' && i.stage === last);
  const final = users.at(-1);
  if (!final) {
    const from = file.stages[last];
    return from ? [at('SX003', from, 'the final stage sets no USER; run it as a non-root user (USER 65532).')] : [];
  }
  const user = final.args.split(':')[0]!.trim();
  return user === 'root' || user === '0'
    ? [at('DL3002', final, `the final stage runs as ${final.args}; run it as a non-root user (USER 65532).`)]
    : [];
};

/** DL3020: ADD fetches URLs and unpacks archives; local files are copied with COPY, which does neither. */
const copyNotAdd: Rule = (file) =>
  file.instructions.flatMap((i) => {
    if (i.keyword !== 'ADD') return [];
    const sources = withoutFlags(i.args).split(/\s+/).slice(0, -1);
    return sources.some((s) => !/^(?:https?|git):\/\//.test(s))
      ? [at('DL3020', i, `ADD ${i.args} copies local files; use COPY.`)]
      : [];
  });

/** DL3025: CMD and ENTRYPOINT in exec form, so the program is PID 1 and gets the signals, with no shell needed. */
const execForm: Rule = (file) =>
  file.instructions.flatMap((i) =>
    (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && !isJsonArray(i.args)
      ? [at('DL3025', i, `${i.keyword} ${i.args} is in shell form; write it as a JSON array (["server.js"]).`)]
      : [],
  );

/** DL3000: WORKDIR is absolute, so it does not depend on the base image's. */
const absoluteWorkdir: Rule = (file) =>
  file.instructions.flatMap((i) =>
    i.keyword === 'WORKDIR' && !i.args.startsWith('/') && !i.args.startsWith('$')
      ? [at('DL3000', i, `WORKDIR ${i.args} is relative; use an absolute path (/app).`)]
      : [],
  );

/** SX001: `npm ci` installs exactly the lockfile; `npm install` may resolve other versions than the ones tested. */
const npmCi: Rule = (file) =>
  file.instructions.flatMap((i) =>
    i.keyword === 'RUN' && /\bnpm\s+(?:install|i|add)\b/.test(i.args)
      ? [at('SX001', i, 'RUN uses npm install; use npm ci, which installs exactly package-lock.json.')]
      : [],
  );

// BuildKit's SecretsUsedInArgOrEnv check (docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env): ARG
// and ENV values are kept in the image's history and config, readable by anyone who can pull it.
const SECRET_NAME = /(?:^|_)(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)(?:_|$)/i;

function declaredNames(instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') return [instruction.args.split('=')[0]!.trim()];
  // ENV KEY=VALUE [KEY=VALUE…], or the old ENV KEY VALUE.
  if (!instruction.args.includes('=')) return [instruction.args.split(/\s+/)[0]!];
  return [...instruction.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]!);
}

/** SX002: no secret in ARG or ENV; give it to the pod (a Secret) or to the build (RUN --mount=type=secret). */
const noSecrets: Rule = (file) =>
  file.instructions.flatMap((i) =>
    (i.keyword === 'ARG' || i.keyword === 'ENV') && declaredNames(i).some((name) => SECRET_NAME.test(name))
      ? [
          at(
            'SX002',
            i,
            `${i.keyword} ${declaredNames(i).find((n) => SECRET_NAME.test(n))} looks like a secret, and ${i.keyword} values stay in the image; pass it at run time from a Secret, or to RUN with --mount=type=secret.`,
          ),
        ]
      : [],
  );

export const DOCKERFILE_RULES: Readonly<Record<string, Rule>> = {
  pinnedFrom,
  nonRootUser,
  copyNotAdd,
  execForm,
  absoluteWorkdir,
  npmCi,
  noSecrets,
};

export function lintDockerfile(text: string): Finding[] {
  const file = parseDockerfile(text);
  return Object.values(DOCKERFILE_RULES)
    .flatMap((rule) => rule(file))
    .sort((a, b) => a.line - b.line);
}
