/**
 * The one check behind every "unknown option" error: an options object
 * naming something its function does not know (a misspelt `timeot`,
 * `concurency`) would be ignored, so callers refuse it, naming it.
 */

/** The message for the first option of `options` not in `known`, or undefined when there is none. */
export function unknownOption(options: object, known: readonly string[] | ReadonlySet<string>): string | undefined {
  const has = Array.isArray(known) ? (k: string) => known.includes(k) : (k: string) => (known as ReadonlySet<string>).has(k);
  for (const key of Object.keys(options)) {
    if (!has(key)) return `unknown option '${key}' (known: ${[...known].join(', ')})`;
  }
  return undefined;
}
