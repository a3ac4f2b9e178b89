/**
 * One run admitted by a host: its promise, its place (queued, running,
 * settled), the Execution once it started, and the steps it is in.
 */
import { unwatchAbort, watchAbort } from '../runtime/abort-watch.js';
import { run, type Execution, type RunOptions } from '../runtime/typed/run.js';
import { cancelledError, reportStray } from '../runtime/errors.js';
import type { FlowDefinition } from '../typings/flow-types.js';
import type { HostFlow } from './host-flow.js';
import type { FlowEvent } from '../typings/events.js';
import type { Scheduler } from '../runtime/scheduler.js';
import { realScheduler } from '../runtime/scheduler.js';
import { hostExecution, type HostExecution, type HostRunStatus } from './host-execution.js';
import { OpenSteps } from './open-steps.js';
import type { RunReport } from './close-report.js';
import type { HostSettings } from './host-options.js';

/** What a hosted run tells its host. */
export interface RunOwner {
  readonly settings: HostSettings;
  /** The run left the queue because it was cancelled there. */
  leftQueue(r: HostedRun): void;
  /** The run settled (it had started). */
  settled(r: HostedRun, status: 'succeeded' | 'failed' | 'cancelled'): void;
}

export class HostedRun {
  readonly execution: HostExecution<unknown> & { status: HostRunStatus };
  private readonly resolve: (value: unknown) => void;
  private readonly reject: (reason: unknown) => void;
  private started: Execution<unknown> | null = null;
  private readonly steps = new OpenSteps();
  private readonly scheduler: Scheduler;
  /** Where the run was when the host cancelled it (its open steps close as the cancel unwinds). */
  private atCancel: RunReport | null = null;

  constructor(
    readonly id: number,
    private readonly owner: RunOwner,
    private readonly flow: HostFlow<any, unknown>,
    private readonly input: unknown,
    private readonly options: RunOptions,
  ) {
    const parts = hostExecution(id, options.state ?? {}, (reason) => this.cancel(reason));
    this.execution = parts.execution;
    this.resolve = parts.resolve;
    this.reject = parts.reject;
    this.scheduler = options.scheduler ?? owner.settings.scheduler ?? realScheduler;
  }

  get status(): HostRunStatus {
    return this.execution.status;
  }

  /** Waits in the queue: an abort of the run's signal takes it out. */
  enqueue(): void {
    const signal = this.options.signal;
    if (signal !== undefined) watchAbort(signal, this);
  }

  /** The queued run's signal aborted. */
  handleEvent(): void {
    this.cancel(this.options.signal?.reason);
  }

  /** Starts the run; its settling is reported to the owner. */
  start(): void {
    if (this.options.signal !== undefined) unwatchAbort(this.options.signal, this);
    this.execution.status = 'running';
    let exec: Execution<unknown>;
    try {
      exec = run(this.flow as unknown as FlowDefinition, this.input, this.runOptions());
    } catch (e) {
      // Options run() refuses (a TypeError): the run fails without starting.
      this.finish('failed', e);
      return;
    }
    this.started = exec;
    exec.then(
      (value) => this.finish('succeeded', value),
      (reason: unknown) => this.finish(exec.status === 'cancelled' ? 'cancelled' : 'failed', reason),
    );
  }

  private runOptions(): RunOptions {
    const o = this.options;
    const s = this.owner.settings;
    const listeners = [s.trackSteps ? this.steps.listen : undefined, s.onEvent, o.onEvent].filter((l) => l !== undefined);
    const options: { -readonly [K in keyof RunOptions]: RunOptions[K] } = { ...o, state: this.execution.state };
    if (listeners.length === 1) options.onEvent = listeners[0]!;
    else if (listeners.length > 1) {
      // Every listener hears every event; the first throw is passed on for the run to report, any later one is reported here.
      options.onEvent = (e: FlowEvent) => {
        let failed = false;
        let error: unknown;
        for (const l of listeners) {
          try {
            l(e);
          } catch (x) {
            if (failed) reportStray(x, 'an onEvent listener');
            else error = x;
            failed = true;
          }
        }
        if (failed) throw error;
      };
    }
    const debug = o.debug ?? s.debug;
    if (debug !== undefined) options.debug = debug;
    if (o.scheduler === undefined && s.scheduler !== undefined) options.scheduler = s.scheduler;
    return options;
  }

  private finish(status: 'succeeded' | 'failed' | 'cancelled', value: unknown): void {
    this.execution.status = status;
    this.started = null;
    this.owner.settled(this, status);
    if (status === 'succeeded') this.resolve(value);
    else this.reject(value);
  }

  /** Refused at admission: the run never starts and rejects at once with `error`. */
  refuse(error: unknown): void {
    this.execution.status = 'failed';
    this.reject(error);
  }

  /** Cancels the run: a queued one leaves the queue and rejects at once, a running one is cancelled like `run()`'s. */
  cancel(reason?: unknown): void {
    const status = this.execution.status;
    if (status === 'queued') {
      if (this.options.signal !== undefined) unwatchAbort(this.options.signal, this);
      this.execution.status = 'cancelled';
      this.owner.leftQueue(this);
      this.reject(cancelledError(reason));
    } else if (status === 'running') this.started?.cancel(reason);
  }

  /**
   * This run in a close report: its status and the step it is in. After
   * the host cancelled it, a run still running its cleanups (an async
   * `finally` or resource release) has no open step: it is reported in
   * the step it was in when it was cancelled.
   */
  report(): RunReport {
    const r: { -readonly [K in keyof RunReport]: RunReport[K] } = { id: this.id, status: this.execution.status };
    if (this.flow.name !== undefined) r.flow = this.flow.name;
    const step = this.steps.current(this.scheduler.now()) ?? this.atCancel?.step;
    if (step !== undefined) r.step = step;
    return Object.freeze(r);
  }

  /** Cancelled by the host (`close()` past its drain deadline): reported as it was before the cancel. */
  cancelByHost(reason: unknown): RunReport {
    const report = this.report();
    this.atCancel = report;
    this.cancel(reason);
    return report;
  }
}
