/**
 * Handler references carried by graph nodes. The graph only stores them;
 * the runtime decides how to call them (see {@link StepStyle}).
 */

/**
 * A user function stored in the graph. Its real signature depends on the node
 * and on the step style; the graph treats it as opaque data.
 * @example
 * ```ts
 * const handlers: AnyHandler[] = [(as, n: number) => n + 1];
 * ```
 * @public
 */
export type AnyHandler = (...args: any[]) => unknown;

/**
 * How the interpreter calls a node's handlers.
 * - `ftn12`: FTN12 conventions: `handler(as, ...args)`, the return value is
 *   ignored, error handlers get `(as, code)`, loop bodies get FTN12 arguments.
 * - `typed`: typed-DSL conventions: a returned value (or resolved promise) is
 *   an implicit success with that value, error handlers get `(as, FlowError)`.
 * @example
 * ```ts
 * const style: StepStyle = node.kind === 'step' ? node.style : 'typed';
 * ```
 * @public
 */
export type StepStyle = 'ftn12' | 'typed';
