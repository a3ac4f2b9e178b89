/** Type contracts of flow errors and typed error definitions. */

/**
 * The shape of every flow error (implemented by `FlowError`).
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

/**
 * A typed error created by `defineError(code, schema)`.
 * @public
 */
export interface ErrorType<TCode extends string = string, TData = unknown> {
  /** The error code. */
  readonly code: TCode;
  /** True for any flow error with this code. */
  is(error: unknown): error is FlowFailure<TData>;
  /** Validates data for this error: the parsed data, or the validation issues. */
  parse(data: unknown): { ok: true; data: TData } | { ok: false; issues: unknown };
}

/** The data type of an error type. @public */
export type inferErrorData<TError> = TError extends ErrorType<string, infer TData> ? TData : never;

/**
 * How a `finally` handler or a resource release learns how its scope ended.
 * @public
 */
export type Outcome<TValue> =
  | { readonly status: 'success'; readonly value: TValue }
  | { readonly status: 'error'; readonly error: FlowFailure }
  | { readonly status: 'cancelled' };
