/**
 * The field names a kind's schema declares, as the API server's decoder knows them: an object lists its fields, a
 * list its items' tree, a map its values' tree; `open` is x-kubernetes-preserve-unknown-fields (anything goes below).
 * A tree with none of these is a scalar, or an object that declares no field.
 */
export interface FieldTree {
  fields?: Record<string, FieldTree>;
  items?: FieldTree;
  values?: FieldTree;
  open?: boolean;
}

export const OPEN: FieldTree = { open: true };
