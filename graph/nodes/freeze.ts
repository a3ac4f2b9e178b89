/**
 * Freezing helpers for graph nodes. Nodes are built bottom-up from already
 * frozen children, so a shallow freeze of each new object and array keeps
 * the whole tree deeply frozen.
 */

/** Freezes a node object and returns it with a readonly type. */
export function freezeNode<T extends object>(node: T): Readonly<T> {
  return Object.freeze(node);
}

/** Copies and freezes an array of nodes or values. */
export function freezeList<T>(items: readonly T[]): readonly T[] {
  return Object.freeze(items.slice());
}

/** Copies and freezes a string-keyed record (null prototype: no inherited keys). */
export function freezeRecord<T>(rec: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(rec)) out[key] = rec[key] as T;
  return Object.freeze(out);
}
