/** What `host.close()` resolves with, and what `host.status` tells. */
import type { HostRunStatus } from './host-execution.js';
import type { StepPosition } from './open-steps.js';

/**
 * Where a host is in its life: `open` (admitting), then during `close()`
 * `draining` (runs finish), `cancelling` (the drain deadline passed),
 * `closing` (resources close) and `closed`.
 * @example
 * ```ts
 * const ready = host.status.phase === 'open'; // a readiness probe
 * ```
 * @public
 */
export type HostPhase = 'open' | 'draining' | 'cancelling' | 'closing' | 'closed';

/**
 * Counts of a host's runs: how many run and wait now, and how each one that
 * ended ended (`rejected`: refused at admission, never started).
 * @example
 * ```ts
 * const { running, queued, rejected } = host.status;
 * metrics.gauge('runs.running', running);
 * ```
 * @public
 */
export interface HostStatus {
  /** Where the host is in its life. */
  readonly phase: HostPhase;
  /** Runs started and not settled yet. */
  readonly running: number;
  /** Runs waiting for a slot (not started). */
  readonly queued: number;
  /** Runs that succeeded. */
  readonly succeeded: number;
  /** Runs that failed (refused runs are counted as `rejected` only). */
  readonly failed: number;
  /** Runs cancelled, while running or in the queue. */
  readonly cancelled: number;
  /** Runs refused at admission: the queue was full or the host was closing. */
  readonly rejected: number;
}

/**
 * A run named by a close report: which run, and the step it was in.
 * @example
 * ```ts
 * for (const r of report.unsettled) log.warn(`run ${r.id} (${r.flow}) stuck in ${r.step?.label}`);
 * ```
 * @public
 */
export interface RunReport {
  /** The run's `id` (see `HostExecution.id`). */
  readonly id: number;
  /** The flow's name, if it has one. */
  readonly flow?: string;
  /** The run's status when the report was made. */
  readonly status: HostRunStatus;
  /** The last started step that had not finished, if the run had started one. */
  readonly step?: StepPosition;
}

/**
 * How one resource registered with `host.onClose` closed.
 * @example
 * ```ts
 * for (const r of report.resources) if (!r.ok) log.error(`${r.name} failed to close`, r.error);
 * ```
 * @public
 */
export interface ResourceReport {
  /** The name given to `onClose`, else the function's name, else `resource #n`. */
  readonly name: string;
  /** It closed without throwing, rejecting or running past `closeTimeoutMs`. */
  readonly ok: boolean;
  /** What it threw or rejected with, or the timeout error. */
  readonly error?: unknown;
  /** How long it took, in ms of the host's clock. */
  readonly durationMs: number;
}

/**
 * What `host.close()` resolves with: whether the runs drained in time, the
 * final counts, the runs cancelled at the drain deadline and those that
 * still had not settled at the cancel deadline (each with the step it was
 * in), and how every resource closed.
 * @example
 * ```ts
 * const report: CloseReport = await host.close();
 * if (!report.drained) log.warn(`${report.cancelled.length} runs cancelled, ${report.unsettled.length} did not settle`);
 * ```
 * @public
 */
export interface CloseReport {
  /** Every run settled before the drain deadline (nothing was cancelled). */
  readonly drained: boolean;
  /** From the call of `close()` to the end of the last resource, in ms of the host's clock. */
  readonly durationMs: number;
  /** The host's counts once resources closed. */
  readonly status: HostStatus;
  /** Runs cancelled because the drain deadline passed (queued ones included), with the step each was in. */
  readonly cancelled: readonly RunReport[];
  /** Runs that had not settled when the cancel deadline passed, with the step each was in. */
  readonly unsettled: readonly RunReport[];
  /** Resources in the order they closed (reverse order of registration). */
  readonly resources: readonly ResourceReport[];
}
