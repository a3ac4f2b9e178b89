/**
 * Context variables. `contextVar` follows TC39 AsyncContext.Variable: a
 * value set by `with` for a body, seen by everything scheduled inside it,
 * never leaking out. `continuationVar` follows ContinuationFlow: set with
 * `as.set`, it flows on to the steps that continue after the setter and is
 * merged at joins.
 */
import type { ContextVar, ContinuationVar, MergePolicy } from '../typings/context-types.js';
import { active } from './interpreter/active.js';
import { asyncContext } from './async-context.js';
import type { Frame } from './interpreter/frame.js';
import type { ContextScope } from './behaviours/context.js';
import type { Thread } from './interpreter/thread.js';

export const NOT_FOUND = Symbol('not found');

/** The value of a context variable seen from `frame`, or NOT_FOUND. */
export function lookupContext(frame: Frame | null, variable: object): unknown {
  for (let f = frame; f !== null; f = f.parent) {
    const n = f.node;
    if (n.kind === 'context' && n.variable === variable && f.data !== undefined) return (f.data as ContextScope).value;
  }
  return NOT_FOUND;
}

/**
 * Creates a context variable (TC39 AsyncContext.Variable semantics); set it
 * for a body with `flow.with(variable, value, body)`.
 * @example
 * ```ts
 * const tenant = contextVar<string>('tenant', 'public');
 * flow<Req>().with(tenant, (req) => req.tenant, (as) => loadSettings(tenant.get()));
 * ```
 * @public
 */
export function contextVar<T>(name: string): ContextVar<T | undefined>;
/**
 * Creates a context variable with a default value.
 * @example
 * ```ts
 * const locale = contextVar('locale', 'en');
 * locale.get(); // 'en' outside any with()
 * ```
 * @public
 */
export function contextVar<T>(name: string, defaultValue: T): ContextVar<T>;
export function contextVar<T>(name: string, ...rest: [T?]): ContextVar<T | undefined> {
  if (typeof name !== 'string' || name === '') throw new TypeError('contextVar(): name must be a non-empty string');
  const fallback = rest[0];
  const variable: ContextVar<T | undefined> = Object.freeze({
    kind: 'contextVar',
    name,
    get(): T | undefined {
      const frame = active.frame ?? asyncContext?.getStore() ?? null;
      const v = lookupContext(frame, variable);
      return v === NOT_FOUND ? fallback : (v as T);
    },
  });
  return variable;
}

/**
 * Options of a continuation variable: its default value and how branch
 * values merge at joins.
 * @example
 * ```ts
 * const options: ContinuationVarOptions<number> = { default: 0, merge: 'first' };
 * const attempt = continuationVar('attempt', options);
 * ```
 * @public
 */
export interface ContinuationVarOptions<T> {
  /** The value before any `as.set`. */
  readonly default?: T;
  /** How branch values combine at `parallel`/`allSettled` joins (default `'last'`). */
  readonly merge?: MergePolicy<T>;
}

/**
 * Creates a continuation variable (ContinuationFlow semantics) that starts
 * at its default.
 * @example
 * ```ts
 * const cost = continuationVar('cost', { default: 0, merge: (vs) => vs.reduce((a, b) => a + b, 0) });
 * flow<Req>().parallel([(as) => as.set(cost, 2), (as) => as.set(cost, 3)]).step((as) => as.get(cost)); // 5
 * ```
 * @public
 */
export function continuationVar<T>(name: string, options: ContinuationVarOptions<T> & { readonly default: T }): ContinuationVar<T>;
/**
 * Creates a continuation variable with no default: it is `undefined` until
 * a step sets it.
 * @example
 * ```ts
 * const trace = continuationVar<string>('trace'); // ContinuationVar<string | undefined>
 * flow<Req>().step((as) => as.get(trace) ?? 'none');
 * ```
 * @public
 */
export function continuationVar<T>(name: string, options?: ContinuationVarOptions<T | undefined>): ContinuationVar<T | undefined>;
export function continuationVar<T>(name: string, options: ContinuationVarOptions<T> = {}): ContinuationVar<T> {
  if (typeof name !== 'string' || name === '') throw new TypeError('continuationVar(): name must be a non-empty string');
  const merge = options.merge ?? 'last';
  if (merge !== 'first' && merge !== 'last' && typeof merge !== 'function') {
    throw new TypeError(`continuationVar("${name}"): merge must be 'first', 'last' or a function`);
  }
  const variable: ContinuationVar<T> = Object.freeze({ kind: 'continuationVar', name, default: options.default as T, merge });
  const known = byName.get(name);
  byName.set(name, known === undefined ? variable : AMBIGUOUS);
  return variable;
}

/** Two continuation variables share this name. */
const AMBIGUOUS: ContinuationVar<unknown> = Object.freeze({ kind: 'continuationVar', name: '', default: undefined, merge: 'last' });

/** Continuation variables by name: a durable run keeps their values by name and finds them again on resume. */
const byName = new Map<string, ContinuationVar<any>>();

/** The continuation variable called `name`; throws when there is none, or more than one. */
export function continuationVarNamed(name: string): ContinuationVar<unknown> {
  const v = byName.get(name);
  if (v === undefined) throw new Error(`no continuation variable is named "${name}" in this process (create it with continuationVar("${name}") before resuming runs that set it)`);
  if (v === AMBIGUOUS) throw new Error(`more than one continuation variable is named "${name}": durable runs tell them apart by name, so give each its own`);
  return v;
}

/** The current value of a continuation variable in a thread. */
export function readContinuation(thread: Thread, variable: ContinuationVar<unknown>): unknown {
  const map = thread.cvars;
  return map !== null && map.has(variable) ? map.get(variable) : variable.default;
}

/** Sets a continuation variable for the rest of the thread (copy on write: branches keep theirs). */
export function writeContinuation(thread: Thread, variable: ContinuationVar<unknown>, value: unknown): void {
  const next = new Map(thread.cvars ?? undefined);
  next.set(variable, value);
  thread.cvars = next;
}

/**
 * Merges branch values into the joining thread. `finals[i]` is branch i's
 * final map; `finishOrder` lists branch indexes in the order they finished.
 */
export function mergeContinuations(into: Thread, finals: readonly (ReadonlyMap<object, unknown> | null)[], finishOrder: readonly number[]): void {
  const vars = new Set<ContinuationVar<unknown>>();
  for (const m of finals) if (m) for (const k of m.keys()) vars.add(k as ContinuationVar<unknown>);
  if (vars.size === 0) return;
  const base = into.cvars;
  const next = new Map(base ?? undefined);
  for (const v of vars) {
    const inherited = base !== null && base.has(v) ? base.get(v) : v.default;
    const values = Array.from(finals, (m) => (m != null && m.has(v) ? m.get(v) : inherited));
    const merge = v.merge;
    if (merge === 'first') next.set(v, values[0]);
    else if (merge === 'last') next.set(v, values[finishOrder[finishOrder.length - 1] ?? values.length - 1]);
    else next.set(v, merge(values));
  }
  into.cvars = next;
}

/** Adopts the continuation values of one branch (race/any winner, failing branch). */
export function adoptContinuations(into: Thread, from: Thread): void {
  if (from.cvars !== null) into.cvars = from.cvars;
}
