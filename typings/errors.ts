/** Type contracts of flow errors and typed error definitions. */

/**
 * The shape of every flow error (implemented by `FlowError`).
 * @example
 * ```ts
 * flow<Order>().step((as, o) => charge(o)).catch((as, err: FlowFailure) => { log.warn(err.code, err.steps.join(' > ')); });
 * ```
 * @public
 */
export interface FlowFailure<TData = unknown> extends Error {
  /** The error code, e.g. `Timeout` or a user code. */
  readonly code: string;
  /** FTN12 error_info. */
  readonly info: unknown;
  /** Typed data of errors raised with an error type. */
  readonly data: TData;
  /** Names of the enclosing named steps and flows, outermost first. */
  readonly steps: readonly string[];
}

/** Type-level marker key of an error type's input (never present at run time). @public */
export declare const errorTypes: unique symbol;

/**
 * A typed error created by `defineError(code, schema)`: `TData` is the
 * validated data a handler reads, `TInput` what `as.error(type, data)`
 * takes (the schema's input type; they differ when the schema transforms).
 * @example
 * ```ts
 * const OutOfStock: ErrorType<'OutOfStock', { sku: string }> = defineError('OutOfStock', z.object({ sku: z.string() }));
 * if (OutOfStock.is(err)) backorder(err.data.sku);
 * ```
 * @public
 */
export interface ErrorType<TCode extends string = string, TData = unknown, TInput = TData> {
  /** The error code. */
  readonly code: TCode;
  /** @internal type carrier of the data `as.error` takes */
  readonly [errorTypes]?: { readonly input: (data: TInput) => void };
  /** True for any flow error with this code. */
  is(error: unknown): error is FlowFailure<TData>;
  /** Validates data for this error: the parsed data, or the validation issues. */
  parse(data: unknown): { ok: true; data: TData } | { ok: false; issues: unknown };
}

/**
 * The data type of an error type.
 * @example
 * ```ts
 * type Data = inferErrorData<typeof OutOfStock>; // { sku: string }
 * ```
 * @public
 */
export type inferErrorData<TError> = TError extends ErrorType<string, infer TData, any> ? TData : never;

/**
 * The data `as.error(type, data)` takes for an error type: its schema's input.
 * @example
 * ```ts
 * type Raised = inferErrorInput<typeof OutOfStock>; // { sku: string }
 * ```
 * @public
 */
export type inferErrorInput<TError> = TError extends ErrorType<string, any, infer TInput> ? TInput : never;

/**
 * How a `finally` handler or a resource release learns how its scope ended.
 * @example
 * ```ts
 * function describe(outcome: Outcome<Receipt>): string {
 *   return outcome.status === 'success' ? outcome.value.id : outcome.status;
 * }
 * ```
 * @public
 */
export type Outcome<TValue> =
  | { readonly status: 'success'; readonly value: TValue }
  | { readonly status: 'error'; readonly error: FlowFailure }
  | { readonly status: 'cancelled' };
