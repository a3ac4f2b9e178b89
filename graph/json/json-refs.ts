/**
 * Resolving the names a flow document uses against the `handlers` record of
 * `fromJSON`: own keys only (`Object.hasOwn`), prototype keys refused, and
 * every value checked to be what its place needs.
 */
import type { ContextKey } from '../nodes/context-node.js';
import type { AnyHandler } from '../nodes/handler.js';
import { joinPath, PROTOTYPE_KEYS } from './json-path.js';
import type { SyncPrimitive } from '../nodes/sync-node.js';
import type { ResourceDef } from '../nodes/using-node.js';
import type { InputSchema } from '../../typings/flow-types.js';

/**
 * What `fromJSON` resolves names with: handler names to functions, and
 * `{ ref }` names to sync primitives, context variables, resources and
 * input schemas.
 * @example
 * ```ts
 * const handlers: FlowHandlers = { validate, charge, manualReview, ordersLock: new Mutex(), tenant, db };
 * ```
 * @public
 */
export type FlowHandlers = { readonly [name: string]: AnyHandler | SyncPrimitive | ContextKey | ResourceDef | InputSchema };

/** The kinds of object a `{ ref }` can name. */
export type RefKind = 'sync primitive' | 'context variable' | 'resource' | 'input schema';

const noop: AnyHandler = () => undefined;
const MISSING = Symbol('missing');

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && (typeof v === 'object' || typeof v === 'function');

const fits: Readonly<Record<RefKind, (v: unknown) => boolean>> = {
  'sync primitive': (v) => isObject(v) && typeof v['sync'] === 'function',
  'context variable': (v) => isObject(v) && v['kind'] === 'contextVar',
  resource: (v) => isObject(v) && v['kind'] === 'resource' && typeof v['acquire'] === 'function' && typeof v['release'] === 'function',
  'input schema': (v) => isObject(v) && typeof v['safeParse'] === 'function',
};

/** Looks names up in a handlers record, collecting problems. */
export class RefResolver {
  constructor(
    private readonly handlers: Readonly<Record<string, unknown>>,
    private readonly problems: string[],
  ) {}

  /** Checks the record itself: an object without prototype keys. */
  static checkRecord(handlers: unknown, problems: string[]): handlers is Readonly<Record<string, unknown>> {
    if (handlers === null || typeof handlers !== 'object' || Array.isArray(handlers)) {
      problems.push('handlers: must be a record of names to handlers and objects');
      return false;
    }
    for (const key of Reflect.ownKeys(handlers)) {
      if (typeof key === 'string' && PROTOTYPE_KEYS.has(key)) problems.push(`${joinPath('handlers', key)}: prototype key "${key}" refused`);
    }
    return true;
  }

  private lookup(name: string, path: string): unknown {
    if (PROTOTYPE_KEYS.has(name)) {
      this.problems.push(`${path}: prototype key "${name}" refused as a name`);
      return MISSING;
    }
    if (!Object.hasOwn(this.handlers, name)) {
      this.problems.push(`${path}: unknown name "${name}" (not in the handlers record)`);
      return MISSING;
    }
    return this.handlers[name];
  }

  /** The function named `name` (a placeholder after a problem). */
  handler(name: string, path: string): AnyHandler {
    const value = this.lookup(name, path);
    if (typeof value === 'function') return value as AnyHandler;
    if (value !== MISSING) this.problems.push(`${path}: "${name}" is not a function`);
    return noop;
  }

  /** The object of kind `kind` named `name` (undefined after a problem). */
  object<T>(kind: RefKind, name: string, path: string): T {
    const value = this.lookup(name, path);
    if (value === MISSING) return undefined as T;
    if (!fits[kind](value)) this.problems.push(`${path}: "${name}" is not a ${kind}`);
    return value as T;
  }
}
