/** What a task function gets besides its input. */

/**
 * The second argument of a function run by a worker step: cancellation of
 * the step, seen from the worker thread. Cancellation is cooperative: a
 * task that does not stop within the pool's `cancelGraceMs` has its thread
 * terminated (and replaced).
 * @example
 * ```ts
 * // hash.ts, run in a worker thread
 * export function hash(input: { data: Uint8Array; rounds: number }, ctx: WorkerContext): string {
 *   let h = seed(input.data);
 *   for (let i = 0; i < input.rounds; i++) {
 *     if (i % 1_000 === 0) ctx.throwIfCancelled();
 *     h = mix(h);
 *   }
 *   return h.toString(16);
 * }
 * ```
 * @public
 */
export interface WorkerContext {
  /** Aborts when the step is cancelled (run cancel, `.timeout()`, a failing sibling); fires only while the task yields to its event loop. */
  readonly signal: AbortSignal;
  /** Throws (an `AbortError`) when the step was cancelled; reads a shared flag, so it works inside a loop that never yields. */
  throwIfCancelled(): void;
}
