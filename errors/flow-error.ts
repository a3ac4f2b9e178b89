/**
 * Flow errors as data: a persistent string code with FTN12 error info, plus
 * the cause, typed data and the async stack of step names. Kept in graph/
 * (no runtime dependencies) so every layer can describe a failure.
 */
import { describe } from './describe.js';

/**
 * The standard error codes: FTN12's, plus `Cancelled` and `AllFailed`, and
 * `LoopBreak` / `LoopCont` for a `break()` / `continue()` that found no
 * loop to end (FTN12 error handlers also see them on the way to one).
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
  LoopBreak: 'LoopBreak',
  LoopCont: 'LoopCont',
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

/**
 * The `steps` of a FlowError that never unwound through a flow: the
 * interpreter fills in `steps` where such an error starts unwinding.
 * @internal
 */
export const NO_STEPS: readonly string[] = Object.freeze([]);

function messageOf(code: string, info: unknown): string {
  return info === undefined || info === null || info === '' ? code : `${code}: ${describe(info)}`;
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
  steps: readonly string[] = NO_STEPS;

  constructor(code: string, info?: unknown, options?: FlowErrorOptions) {
    if (typeof code !== 'string') throw new TypeError(`FlowError: the code must be a string, got ${describe(code)}`);
    super(messageOf(code, info), options !== undefined && 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.info = info;
    this.data = options?.data;
  }

  override get name(): string {
    return 'FlowError';
  }
}
