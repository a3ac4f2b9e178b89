/** FTN12 run state: the callable default state object and `async_stack`. */
import type { AnyHandler } from '../../graph/handler.js';
import { active } from '../active.js';
import { Phase, type Frame } from '../frame.js';

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

/** A new callable state object whose `name` and `length` are ordinary writable keys. */
export function createState(): FTN12State {
  const state = (() => state) as FTN12State;
  Object.defineProperties(state, WRITABLE_KEYS);
  installAsyncStack(state);
  return state;
}

const WRITABLE_KEYS: PropertyDescriptorMap = {
  name: { value: undefined, writable: true, configurable: true, enumerable: false },
  length: { value: undefined, writable: true, configurable: true, enumerable: false },
};

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
  return out.reverse();
}

const installed = new WeakSet<object>();

/**
 * Makes `state.async_stack` read the live async stack of whichever run of
 * this state has a handler on the JS stack; installed once per state object.
 */
export function installAsyncStack(state: any): void {
  if (state === null || (typeof state !== 'object' && typeof state !== 'function') || installed.has(state)) return;
  installed.add(state);
  let last: readonly AnyHandler[] = [];
  Object.defineProperty(state, 'async_stack', {
    configurable: true,
    enumerable: false,
    get: () => {
      const f = active.frame;
      if (f !== null && f.thread.run.state === state) last = asyncStack(f);
      return last;
    },
    set: (value: readonly AnyHandler[]) => {
      last = value;
    },
  });
}
