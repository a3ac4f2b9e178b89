/**
 * The FTN12 step API as users see it: the `as` (`asi`) object that step
 * handlers get, with the user methods of FTN12 §2.2 and nothing of the
 * interpreter. The interpreter's frames implement it (`step-api/step-frame.ts`).
 */
import type { SyncPrimitive } from '../../graph/nodes/sync-node.js';
import type { AsyncSteps } from './async-steps.js';

/**
 * An FTN12 step handler: `(as, ...args) => void`.
 * @example
 * ```ts
 * const step: ExecuteCallback = (as, n: number) => as.success(n + 1);
 * ```
 * @public
 */
export type ExecuteCallback = (as: StepApi, ...args: any[]) => unknown;

/**
 * An FTN12 error handler: `(as, code) => void`.
 * @example
 * ```ts
 * const onerror: ErrorCallback = (as, code) => { if (code === 'Timeout') as.success(null); };
 * ```
 * @public
 */
export type ErrorCallback = (as: StepApi, code: string) => unknown;

/**
 * An FTN12 `parallel()` step under construction: add its branches; each
 * runs as a separate flow once the step starts.
 * @example
 * ```ts
 * as.parallel().add((as) => loadA(as)).add((as) => loadB(as));
 * ```
 * @public
 */
export interface ParallelBuilder {
  /** Adds a branch, run as a separate flow. */
  add(fn: ExecuteCallback, onerror?: ErrorCallback): this;
}

/**
 * The step API of FTN12 (the `as` / `asi` object) that step handlers get:
 * one object per executing step, out of service once the step is done.
 * @example
 * ```ts
 * root.add((as: StepApi) => {
 *   const t = setTimeout(() => as.success('done'), 100);
 *   as.setCancel(() => clearTimeout(t));
 * });
 * ```
 * @public
 */
export interface StepApi {
  /** Adds a sub-step (FTN12 §2.2.1); sub-steps run after this step's handler returns. */
  add(fn: ExecuteCallback, onerror?: ErrorCallback): this;
  /** Adds a parallel step; add its branches to the returned object (FTN12 §1.4). */
  parallel(onerror?: ErrorCallback): ParallelBuilder;
  /** Adds a step synchronised against `primitive` (FTN12 §1.11). */
  sync(primitive: SyncPrimitive, fn: ExecuteCallback, onerror?: ErrorCallback): this;
  /** Adds a loop that runs `fn` until `as.break()` (FTN12 §1.8). */
  loop(fn: (as: StepApi) => unknown, label?: string): this;
  /** Adds a loop that runs `fn(as, i)` `count` times. */
  repeat(count: number, fn: (as: StepApi, i: number) => unknown, label?: string): this;
  /** Adds a loop over an array, Map or object: `fn(as, key, value)`. */
  forEach(collection: unknown, fn: (as: StepApi, key: any, value: any) => unknown, label?: string): this;
  /** Succeeds with `args` at this point of the sub-steps (FTN12 §1.12). */
  successStep(...args: unknown[]): this;
  /** Adds a step that waits for `promise` (FTN12 §1.13). */
  await(promise: PromiseLike<unknown>, onerror?: ErrorCallback): this;
  /** The run's state object; `null` once this step finished (so `as.state && as.success()` is safe late). */
  readonly state: any;
  /** Completes this step with `args`, passed to the next step (FTN12 §2.2.2). */
  success(...args: unknown[]): void;
  /** Fails this step with `code`; `info` becomes `state.error_info`. Throws. */
  error(code: string, info?: unknown): never;
  /** Like `error`, without throwing: return right after it. */
  errorNoThrow(code: string, info?: unknown): void;
  /** Limits this step's time; `Timeout` is raised when `ms` pass (`Infinity`: no limit). */
  setTimeout(ms: number): this;
  /** Sets the handler that cancels this step's external work. */
  setCancel(oncancel: (as: StepApi) => void): this;
  /** Waits for an external `success`/`error` (no implicit success). */
  waitExternal(): this;
  /** Leaves the innermost loop, or the loop labelled `label`. Throws. */
  break(label?: string): never;
  /** Starts the next iteration of the innermost loop, or of the loop labelled `label`. Throws. */
  continue(label?: string): never;
  /** `break` without throwing: return right after it. */
  breakNoThrow(label?: string): void;
  /** `continue` without throwing: return right after it. */
  continueNoThrow(label?: string): void;
  /** Aborted when this step is cancelled or abandoned by an error or timeout. */
  readonly signal: AbortSignal;
  /** Reads a context variable, a continuation variable or an acquired resource. */
  get(variable: { readonly kind: string; readonly name: string }): unknown;
  /** Sets a continuation variable for the steps that continue after this one. */
  set(variable: { readonly kind: string; readonly name: string }, value: unknown): void;
  /** Runs a flow built with `flow()` as this step's sub-steps (see the typed DSL's `as.run`). */
  run(flow: { readonly graph: object; readonly slots: readonly string[] }, input: unknown): PromiseLike<unknown>;
  /** A new root for standalone execution, on the same scheduler. */
  newInstance(): AsyncSteps;
}
