/**
 * JSON paths as problems and errors print them: `root.steps[2].handler`,
 * `root.steps[0].cases["two words"]`.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Appends one key (array index or property name) to a path. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A path from a list of keys (zod issue paths). */
export function formatPath(keys: readonly PropertyKey[]): string {
  let path = '';
  for (const key of keys) path = joinPath(path, typeof key === 'symbol' ? String(key) : key);
  return path === '' ? '(document)' : path;
}

/** A path shortened for messages: very deep paths keep their start and end. */
export function shortPath(path: string, max = 160): string {
  return path.length <= max ? path : `${path.slice(0, max / 2)}…${path.slice(-max / 2)}`;
}

/** Keys that could reach an object's prototype; refused in documents and handler records. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
