/**
 * Native promises whose resolving functions are handed out without a closure
 * per promise: one shared executor captures them, and the caller takes them
 * right after construction.
 */

let capturedResolve: (value: unknown) => void = () => {};
let capturedReject: (reason: unknown) => void = () => {};

function capture(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** What settles a promise made by {@link settleablePromise}. */
export interface Settlers {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** A new pending native promise; its resolving functions are stored into `into`. */
export function settleablePromise<T>(into: Settlers): Promise<T> {
  const p = new Promise<T>(capture as (resolve: (value: T) => void, reject: (reason: unknown) => void) => void);
  into.resolve = capturedResolve;
  into.reject = capturedReject;
  return p;
}

/**
 * A native promise made settled with `value` (`ok`) or rejected with it: no
 * resolving functions are made. Fulfilling with a native promise adopts its
 * state, as a resolving function would.
 */
export function settledPromise<T>(ok: boolean, value: unknown): Promise<T> {
  if (!ok) return Promise.reject(value);
  // Promise.resolve would hand a native promise back as it is, not a new one.
  if (value instanceof Promise) {
    const p = new Promise<T>(capture as (resolve: (value: T) => void, reject: (reason: unknown) => void) => void);
    capturedResolve(value);
    return p;
  }
  return Promise.resolve(value as T);
}
