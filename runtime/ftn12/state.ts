/** FTN12 run state: the callable default state object and `async_stack`. */
import type { AnyHandler } from '../../graph/nodes/handler.js';
import { active } from '../interpreter/active.js';
import { cancelling } from '../interpreter/cancel.js';
import { Phase, type Frame } from '../interpreter/frame.js';

/**
 * The FTN12 state object: a record of anything, also callable (`as.state()`
 * returns itself), with the predefined `error_info`, `last_exception` and
 * `async_stack` variables.
 * @example
 * ```ts
 * $as().add((as) => { as.state.total = 1; as.state().total++; });
 * ```
 * @public
 */
export interface FTN12State {
  (): FTN12State;
  /** error_info of the last `as.error()`. */
  error_info?: unknown;
  /** The last exception caught. */
  last_exception?: unknown;
  /** Handlers on the async stack, outermost first; the last is the one running. */
  readonly async_stack?: readonly AnyHandler[];
  [key: string]: any;
}

/** The last async stack read from each state object (for reads outside a handler). */
const lastStacks = new WeakMap<object, readonly AnyHandler[]>();
const NO_STACK: readonly AnyHandler[] = Object.freeze([]);

/** `async_stack`: the live stack while a handler of a run of this state runs, else the last one read. */
const ASYNC_STACK: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get(this: object): readonly AnyHandler[] {
    const f = active.frame;
    if (f !== null && f.thread.run.state === this) {
      const stack = asyncStack(f);
      lastStacks.set(this, stack);
      return stack;
    }
    return lastStacks.get(this) ?? NO_STACK;
  },
  set(this: object, value: readonly AnyHandler[]): void {
    lastStacks.set(this, value);
  },
};

/**
 * The prototype of new states: a function's, plus `async_stack`, and `name`
 * and `length` as writable keys, so that `state.name = …` makes an ordinary
 * own key (a function's own `name` and `length` are read-only).
 */
const STATE_PROTOTYPE: object = Object.create(Function.prototype, {
  name: { value: undefined, writable: true, configurable: true, enumerable: false },
  length: { value: undefined, writable: true, configurable: true, enumerable: false },
  async_stack: ASYNC_STACK,
});

/**
 * A new callable state object. Its own read-only `name` and `length` go and
 * the prototype above takes over: a third of the cost of redefining the
 * three properties on each state. The prototype is set first, while the
 * function still has its shared shape (~60 ns); set after the deletes, on a
 * dictionary-mode object, it costs ~300 ns more.
 */
export function createState(): FTN12State {
  const state = (() => state) as FTN12State;
  Object.setPrototypeOf(state, STATE_PROTOTYPE);
  delete (state as { length?: number }).length;
  delete (state as { name?: string }).name;
  return state;
}

/** The handlers on the async stack of `frame`, outermost first. */
export function asyncStack(frame: Frame | null): AnyHandler[] {
  const out: AnyHandler[] = [];
  for (let f = frame; f !== null; f = f.parent) {
    const node = f.node;
    if (node.kind === 'step') {
      if (f.phase === Phase.ErrorHandler && node.onError !== undefined) out.push(node.onError);
      out.push(node.handler);
    } else if (node.kind === 'catch' && f.phase === Phase.ErrorHandler) {
      out.push(node.handler);
    }
  }
  out.reverse();
  // A cancel handler runs as its step: it is the last element (FTN12.md #12).
  if (cancelling.frame === frame && frame !== null && cancelling.handler !== null) out.push(cancelling.handler as AnyHandler);
  return out;
}

/** Gives a user-provided state object the `async_stack` variable (once per object). */
export function installAsyncStack(state: any): void {
  if (state === null || (typeof state !== 'object' && typeof state !== 'function') || lastStacks.has(state)) return;
  lastStacks.set(state, NO_STACK);
  Object.defineProperty(state, 'async_stack', ASYNC_STACK);
}
