/**
 * Flow errors: a persistent string code with FTN12 error info, plus the
 * cause, typed data and the async stack of step names.
 */

/**
 * The standard error codes: FTN12's, plus `Cancelled` and `AllFailed`.
 * Read-only.
 * @example
 * ```ts
 * flow().step(() => 1).catch(Errors.Timeout, () => 0);
 * ```
 * @public
 */
export const Errors = Object.freeze({
  ConnectError: 'ConnectError',
  CommError: 'CommError',
  UnknownInterface: 'UnknownInterface',
  NotSupportedVersion: 'NotSupportedVersion',
  NotImplemented: 'NotImplemented',
  Unauthorized: 'Unauthorized',
  InternalError: 'InternalError',
  InvokerError: 'InvokerError',
  InvalidRequest: 'InvalidRequest',
  DefenseRejected: 'DefenseRejected',
  PleaseReauth: 'PleaseReauth',
  SecurityError: 'SecurityError',
  Timeout: 'Timeout',
  PromiseReject: 'PromiseReject',
  Cancelled: 'Cancelled',
  AllFailed: 'AllFailed',
} as const);

/**
 * Options of the {@link FlowError} constructor.
 * @example
 * ```ts
 * const options: FlowErrorOptions = { cause: gatewayError };
 * throw new FlowError('PaymentFailed', 'card declined', options);
 * ```
 * @public
 */
export interface FlowErrorOptions {
  /** The underlying exception or reason. */
  readonly cause?: unknown;
  /** Typed error data (see `defineError`). */
  readonly data?: unknown;
}

function messageOf(code: string, info: unknown): string {
  return info === undefined || info === null || info === '' ? code : `${code}: ${String(info)}`;
}

/**
 * The error every flow fails with: a persistent `code`, FTN12 `info`
 * (error_info), an optional `cause` and typed `data`, and `steps`, the async
 * stack of step names outermost first.
 * @example
 * ```ts
 * try { await run(checkout, order); }
 * catch (e) { if (e instanceof FlowError && e.code === 'PaymentFailed') review(e.info); }
 * ```
 * @public
 */
export class FlowError extends Error {
  /** The error code, e.g. `Timeout` or a user code. */
  readonly code: string;
  /** FTN12 error_info: a description of this occurrence. */
  readonly info: unknown;
  /** Typed data of errors raised with an error type. */
  readonly data: unknown;
  /** Names of the enclosing named steps and flows, outermost first. */
  steps: readonly string[] = [];

  constructor(code: string, info?: unknown, options: FlowErrorOptions = {}) {
    super(messageOf(code, info), 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.info = info;
    this.data = options.data;
  }

  override get name(): string {
    return 'FlowError';
  }
}

/** Marks a FlowError created by the runtime for a cancel. */
export function cancelledError(reason?: unknown): FlowError {
  return new FlowError(Errors.Cancelled, undefined, reason === undefined ? {} : { cause: reason });
}

/**
 * A loop control transfer (`break` / `continue`). It unwinds like an error,
 * runs cancel handlers on the way, but error handlers never see it.
 * @internal
 */
export class LoopSignal {
  constructor(
    readonly action: 'break' | 'continue',
    readonly label: string | undefined,
  ) {}
}

/** What the interpreter unwinds with: a flow error or a loop control transfer. */
export type Unwind = FlowError | LoopSignal;

/**
 * Turns anything user code threw into a FlowError.
 * - `typed` runs: a FlowError keeps its code; anything else is
 *   `InternalError` with the thrown value as `cause`.
 * - `ftn12` runs (FTN12.md #6): an `Error` becomes code = its message.
 */
export function toFlowError(thrown: unknown, style: 'ftn12' | 'typed'): FlowError {
  if (thrown instanceof FlowError) return thrown;
  if (style === 'ftn12') {
    if (thrown instanceof Error && thrown.message) return new FlowError(thrown.message, undefined, { cause: thrown });
    return new FlowError(Errors.InternalError, undefined, { cause: thrown });
  }
  const info = thrown instanceof Error ? thrown.message : undefined;
  return new FlowError(Errors.InternalError, info, { cause: thrown });
}

/** Reports an exception that nothing can handle any more, without crashing. */
export function reportStray(error: unknown): void {
  queueMicrotask(() => {
    if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
      process.emitWarning(`stepflow: ignored exception in a cleanup handler: ${String((error as Error)?.stack ?? error)}`);
    } else {
      console.warn('stepflow: ignored exception in a cleanup handler', error);
    }
  });
}
