import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../store/kube-object.js';
import { isBuiltIn } from '../store/resource-types.js';
import { ApiError, badRequest } from './api-error.js';
import { bodyFieldProblems, unknownFields, type FieldProblem } from './field-problems.js';
import type { FieldTree } from './field-tree.js';
import type { JsonValue } from './json-value.js';
import { fieldTreeFor } from './kind-fields.js';
import type { RequestContext } from './request-context.js';
import { apiVersionOf } from './served-object.js';

// fieldValidation=Strict|Warn|Ignore as kube-apiserver honours it (endpoints/handlers create.go, update.go,
// patch.go; docs "API concepts: Field validation"). Unknown fields are dropped unless Strict refuses the request;
// duplicate fields keep their last value. Without the parameter the server warns (Warn), and kubectl sends Strict.
// The messages and their order follow test/integration/apiserver/field_validation_test.go.

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The request's directive; a value other than these three was already refused (checkWriteOptions). */
export function fieldValidationOf(url: URL): FieldValidation {
  const value = url.searchParams.get('fieldValidation');
  return value === 'Strict' || value === 'Ignore' ? value : 'Warn';
}

/** Adds `Warning: 299 - "text"` headers, as the API server returns warnings; kubectl prints each one. */
export function addWarnings(ctx: RequestContext, texts: string[]): void {
  const res: ServerResponse = ctx.res;
  for (const text of texts) res.appendHeader('Warning', `299 - "${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
}

const unknownText = (path: string) => `unknown field "${path}"`;
const yamlDuplicate = (p: FieldProblem) => `line ${p.line}: key "${p.key}" already set in map`;

/** Strict errors and Warn warnings of one body: YAML's duplicate keys come first as one yaml error. */
function bodyMessages(problems: FieldProblem[], yaml: boolean, crd: boolean): { errors: string[]; warnings: string[] } {
  const duplicates = problems.filter((p) => p.type === 'duplicate');
  const unknown = problems.filter((p) => p.type === 'unknown');
  if (yaml) {
    const unknownSorted = unknown.map((p) => p.path).sort();
    const lines = duplicates.map(yamlDuplicate);
    const errors = [
      ...(lines.length > 0 ? [`yaml: unmarshal errors:\n${lines.map((l) => `  ${l}`).join('\n')}`] : []),
      ...unknownSorted.map(unknownText),
    ];
    return { errors, warnings: [...lines, ...unknownSorted.map(unknownText)] };
  }
  if (crd) {
    // The CRD handler reports the decoder's duplicates, then what pruning dropped.
    const texts = [
      ...duplicates.map((p) => `duplicate field "${p.path}"`),
      ...unknown
        .map((p) => p.path)
        .sort()
        .map(unknownText),
    ];
    return { errors: texts, warnings: texts };
  }
  // Compiled-in kinds: one pass of the strict JSON decoder, in document order; a field both unknown and
  // duplicated is reported as unknown only.
  const unknownPaths = new Set(unknown.map((p) => p.path));
  const texts = problems
    .filter((p) => p.type === 'unknown' || !unknownPaths.has(p.path))
    .map((p) => (p.type === 'unknown' ? unknownText(p.path) : `duplicate field "${p.path}"`));
  return { errors: texts, warnings: texts };
}

const isCrd = (ctx: RequestContext) => !isBuiltIn(ctx.request.type);

/**
 * Applies the directive to a create or update body already decoded into `obj`: refuses it (Strict), warns (Warn)
 * or stays silent (Ignore), and drops the unknown fields from `obj` unless refused.
 */
export function checkBodyFields(ctx: RequestContext, text: string, yaml: boolean, obj: KubeObject): void {
  const { type, version } = ctx.request;
  const validation = fieldValidationOf(ctx.url);
  const tree = fieldTreeFor(type);
  if (validation !== 'Ignore') {
    const { errors, warnings } = bodyMessages(bodyFieldProblems(text, tree), yaml, isCrd(ctx));
    if (validation === 'Strict' && errors.length > 0) {
      throw badRequest(
        `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: strict decoding error: ${errors.join(', ')}`,
      );
    }
    addWarnings(ctx, warnings);
  }
  unknownFields(obj as unknown as JsonValue, tree, true);
}

const JSON_PATCH_OPERATION: FieldTree = {
  items: { fields: { op: {}, path: {}, from: {}, value: { open: true } } },
};

/**
 * Applies the directive to a JSON, merge or strategic merge patch: the patch's own duplicate fields (and a JSON
 * patch's unknown operation fields), then the unknown fields of the patched object, sorted by path.
 */
export function checkPatchFields(ctx: RequestContext, body: string, jsonPatch: boolean, patched: KubeObject): void {
  const validation = fieldValidationOf(ctx.url);
  const tree = fieldTreeFor(ctx.request.type);
  const unknown = unknownFields(patched as unknown as JsonValue, tree, validation !== 'Strict').sort();
  if (validation === 'Ignore') return;
  const prefix = jsonPatch ? 'json patch ' : '';
  const ownProblems = bodyFieldProblems(body, jsonPatch ? JSON_PATCH_OPERATION : undefined).map(
    (p) => `${prefix}${p.type} field "${p.path}"`,
  );
  const texts = [...ownProblems, ...unknown.map(unknownText)];
  if (validation === 'Strict' && texts.length > 0) throw badRequest(`strict decoding error: ${texts.join(', ')}`);
  addWarnings(ctx, texts);
}

/**
 * Server-side apply: a field the schema does not declare fails the conversion to a typed object whatever the
 * directive (structured-merge-diff; an error the API server answers as a 500), and the directive covers only the
 * configuration's duplicate keys (patch.go applyPatcher).
 */
export function checkApplyFields(
  ctx: RequestContext,
  body: string,
  config: KubeObject,
  typeError: string | undefined,
): void {
  const { type, version, namespace } = ctx.request;
  const unknown = unknownFields(config as unknown as JsonValue, fieldTreeFor(type), false);
  if (unknown.length > 0 || typeError) {
    // A value of the wrong type fails the same conversion; its wording here is the Go decoder's, not the typed
    // converter's.
    const errors = [
      ...unknown.map((path) => `.${path}: field not declared in schema`),
      ...(typeError ? [typeError] : []),
    ];
    const text = errors.length === 1 ? errors[0] : `errors:\n${errors.map((e) => `  ${e}`).join('\n')}`;
    const gvk = `${apiVersionOf(type.group, version).replace(/^(v\d.*)$/, '/$1')}, Kind=${type.kind}`;
    throw new ApiError(
      500,
      '',
      `failed to create typed patch object (${namespace ?? ''}/${config.metadata.name}; ${gvk}): ${text}`,
    );
  }
  const validation = fieldValidationOf(ctx.url);
  if (validation === 'Ignore') return;
  const lines = bodyFieldProblems(body, undefined).map(yamlDuplicate);
  if (lines.length === 0) return;
  if (validation === 'Strict') {
    throw badRequest(
      `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n${lines.map((l) => `  ${l}`).join('\n')}`,
    );
  }
  addWarnings(ctx, lines);
}
