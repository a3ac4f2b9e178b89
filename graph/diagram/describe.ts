/** How diagrams name handlers, objects and stored values in their labels. */

/** A function's own name, or `anonymous`. */
export const nameOf = (fn: unknown): string => (typeof fn === 'function' && fn.name ? fn.name : 'anonymous');

/** An object's own `name` property, else its class name. */
export const objName = (obj: object): string => {
  const own = (obj as { name?: unknown }).name;
  return typeof own === 'string' && own !== '' ? own : (obj.constructor?.name ?? 'object');
};

/** A short JSON text of a value (at most 40 characters). */
export function brief(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
