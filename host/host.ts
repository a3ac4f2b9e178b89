/** The host's public face: what `createHost()` returns. */
import type { RunOptions } from '../runtime/typed/run.js';
import type { HostFlow } from './host-flow.js';
import type { HostExecution } from './host-execution.js';
import type { CloseReport, HostStatus } from './close-report.js';
import type { SignalOptions } from './signals.js';

/**
 * Runs flows for a service: limits how many run at once, queues and refuses
 * beyond that, and shuts down gracefully with deadlines.
 * @example
 * ```ts
 * const host = createHost({ maxRunning: 64, maxQueued: 1_000, drainTimeoutMs: 20_000 });
 * host.onClose(() => db.end(), 'database');
 * host.handleSignals();
 * app.post('/orders', async (req, res) => res.json(await host.run(checkout, req.body)));
 * ```
 * @public
 */
export interface Host {
  /**
   * Runs a flow like `run()`, when a slot is free; otherwise the run waits
   * in the queue (status `queued`, not started). With the queue full, or
   * once `close()` was called, the execution rejects at once with FlowError
   * `DefenseRejected` (`data.reason` is `maxQueued` or `closing`). A run's
   * `timeout` counts from its start, not from its time in the queue. Throws
   * a TypeError at once for a first argument that is not a runnable flow.
   */
  run<TIn, TOut>(flow: HostFlow<TIn, TOut>, input: TIn, options?: RunOptions): HostExecution<TOut>;
  /**
   * Resolves when a new run would start without waiting (a free slot and an
   * empty queue): backpressure for producers. Every waiting caller is let
   * through at once, so several producers may race for one slot. Rejects
   * with `DefenseRejected` once the host is closing.
   */
  room(): Promise<void>;
  /**
   * Registers a resource for `close()` to close after the runs ended, in
   * reverse order of registration; `fn` may be async. One that throws,
   * rejects or runs past `closeTimeoutMs` is reported and the others still
   * close. Returns a function that unregisters it. Throws once `close()`
   * has begun closing resources.
   */
  onClose(fn: () => unknown, name?: string): () => void;
  /** Counts of running, queued, succeeded, failed, cancelled and rejected runs, and the host's phase. */
  readonly status: HostStatus;
  /**
   * Stops admitting at once, lets running and queued runs finish until
   * `drainTimeoutMs`, then cancels the rest (their cancel handlers and
   * `finally` run) and waits up to `cancelTimeoutMs` for them, closes the
   * resources and resolves with a report. Never rejects; a second call
   * returns the same promise.
   */
  close(): Promise<CloseReport>;
  /**
   * Opt-in: SIGTERM and SIGINT start `close()`, a second signal skips the
   * rest of the drain and cancels at once. The listeners are removed when
   * `close()` has finished, or by the function returned.
   */
  handleSignals(options?: SignalOptions): () => void;
}
