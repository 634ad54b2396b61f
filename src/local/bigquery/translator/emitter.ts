import type { Node } from 'sql-parser-cst';

/**
 * What every translation piece receives: a way to emit any child node (dispatching on its type) and a source of
 * fresh, collision-free names for the derived tables the translation introduces.
 */
export interface Emitter {
  emit(node: Node): string;
  freshName(hint: string): string;
}
