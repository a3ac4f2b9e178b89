/**
 * The naming rule of `toJSON`: how a handler or a non-JSON object gets the
 * name a flow document references it by, and the check that one name never
 * stands for two different things.
 */
import { PROTOTYPE_KEYS } from './json-path.js';

/**
 * Options of `toJSON`.
 * @example
 * ```ts
 * const options: ToJsonOptions = { names: new Map<object, string>([[ordersLock, 'ordersLock']]) };
 * const doc = toJSON(checkout, options);
 * ```
 * @public
 */
export interface ToJsonOptions {
  /**
   * Names for handlers and objects that have no usable name of their own
   * (sync primitives, anonymous functions). They take precedence over a
   * function's or object's own `name`, but not over a step's name.
   */
  readonly names?: ReadonlyMap<object, string>;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'an anonymous function';
  return 'an object without a name';
}

/** What a reference is, for messages: its role (`the .catch() handler`) and an example name. */
export interface RefRole {
  readonly what: string;
  readonly example: string;
  /** Another way to name it (a step can be named instead of its handler). */
  readonly alt?: string;
}

/** How to give `value` a name, for a TypeError. */
function howToName(value: unknown, role: RefRole | undefined): string {
  const example = role?.example ?? 'someName';
  const own =
    typeof value === 'function'
      ? `name the function (function ${example}(…) { … }, or const ${example} = (…) => … outside the call)`
      : `give it a name property`;
  return `${role?.alt === undefined ? '' : `${role.alt}, `}${own}, or pass toJSON(flow, { names: new Map([[${typeof value === 'function' ? 'fn' : 'obj'}, '${example}']]) }) with that very ${typeof value === 'function' ? 'function' : 'object'}`;
}

function usable(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== 'anonymous' && !PROTOTYPE_KEYS.has(name);
}

/** Gives handlers and objects their reference names, refusing nameless ones and clashes. */
export class Namer {
  readonly #seen = new Map<string, { readonly value: unknown; readonly path: string }>();

  constructor(private readonly names: ReadonlyMap<object, string> | undefined) {}

  /**
   * The name of `value` at `path`: `fixed` (a step's name) when given, else
   * the `names` option, else the value's own `name` property.
   */
  name(value: object, path: string, fixed?: string, role?: RefRole, where?: string): string {
    const given = this.names?.get(value);
    const name = fixed ?? given ?? (value as { name?: unknown }).name;
    if (!usable(name)) {
      const what = `${role === undefined ? '' : ` (${role.what}${where === undefined ? '' : `, in ${where}`})`}`;
      const why =
        typeof name === 'string' && name !== '' && name !== 'anonymous'
          ? `the name "${name}" is a prototype key${what}; choose another`
          : given !== undefined && fixed === undefined
            ? `${describe(value)} has no usable name${what}: the names option gives it ${JSON.stringify(given)}; give a non-empty name`
            : `${describe(value)} has no usable name${what}; ${howToName(value, role)}`;
      throw new TypeError(`toJSON(): ${path}: ${why}`);
    }
    const prev = this.#seen.get(name);
    if (prev === undefined) this.#seen.set(name, { value, path });
    else if (prev.value !== value) {
      throw new TypeError(`toJSON(): ${path}: the name "${name}" already stands for something else at ${prev.path}; names must be unique per handler`);
    }
    return name;
  }
}
