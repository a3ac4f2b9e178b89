/**
 * `createHost()`: runs flows for a service. Admission with a running limit
 * and a bounded FIFO queue, backpressure for producers (`room()`), counts,
 * and a graceful `close()` with a drain deadline, a cancel deadline and
 * resources closed in reverse order, resolving with a report that names
 * every run that did not settle and the step it was in.
 */
import { checkOptions, type RunOptions } from '../runtime/typed/run.js';
import { Errors, FlowError } from '../runtime/errors.js';
import type { HostFlow } from './host-flow.js';
import type { GraphNode } from '../graph/nodes/node.js';
import { realScheduler, type Scheduler } from '../runtime/scheduler.js';
import { hostSettings, type HostOptions, type HostSettings } from './host-options.js';
import type { HostExecution } from './host-execution.js';
import { HostedRun, type RunOwner } from './hosted-run.js';
import type { CloseReport, HostPhase, HostStatus, RunReport } from './close-report.js';
import { Deadline } from './deadline.js';
import { closeResources, type Closer } from './resources.js';
import { handleSignals, type SignalOptions } from './signals.js';
import type { Host } from './host.js';

/** The host's own timing of `close()` (a frozen report is built at the end). */
interface Closing {
  readonly promise: Promise<CloseReport>;
  /** Skips what is left of the drain (a second signal). */
  hurry(): void;
}

class HostImpl implements Host, RunOwner {
  readonly settings: HostSettings;
  private readonly scheduler: Scheduler;
  private readonly queue: HostedRun[] = [];
  private readonly running = new Set<HostedRun>();
  private readonly closers: Closer[] = [];
  private readonly signalRemovers: Array<() => void> = [];
  private roomWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  /** Producers that `room()` let in and whose `run()` has not come yet (until the next macrotask): each holds a slot. */
  private promised = 0;
  private expiring: ReturnType<typeof setImmediate> | null = null;
  private idle: Deadline | null = null;
  private closing: Closing | null = null;
  private phase: HostPhase = 'open';
  private nextId = 0;
  private readonly counts = { succeeded: 0, failed: 0, cancelled: 0, rejected: 0 };

  constructor(options: HostOptions) {
    this.settings = hostSettings(options);
    this.scheduler = this.settings.scheduler ?? realScheduler;
  }

  get status(): HostStatus {
    return Object.freeze({ phase: this.phase, running: this.running.size, queued: this.queue.length, ...this.counts });
  }

  run<TIn, TOut>(flow: HostFlow<TIn, TOut>, input: TIn, options: RunOptions = {}): HostExecution<TOut> {
    checkFlow(flow);
    // host.run()'s options are run()'s: checked before the run takes a place in the queue.
    checkOptions(options, 'host.run()');
    const r = new HostedRun(++this.nextId, this, flow, input, options);
    const { maxRunning, maxQueued } = this.settings;
    if (this.phase !== 'open') return this.refuse(r, 'closing', 'the host is closing: no new runs are admitted');
    if (options.signal?.aborted) {
      // Like run(): an aborted signal cancels the run before it starts.
      this.queue.push(r);
      r.cancel(options.signal.reason);
    } else if (this.running.size < maxRunning && this.queue.length === 0) {
      if (this.promised > 0) this.promised--;
      this.begin(r);
    }
    else if (this.queue.length < maxQueued) {
      this.queue.push(r);
      r.enqueue();
    } else return this.refuse(r, 'maxQueued', `host limit maxQueued (${maxQueued}) reached: ${this.running.size} running, ${this.queue.length} queued`);
    return r.execution as HostExecution<TOut>;
  }

  private refuse<TOut>(r: HostedRun, reason: 'maxQueued' | 'closing', info: string): HostExecution<TOut> {
    this.counts.rejected++;
    const { maxRunning, maxQueued } = this.settings;
    r.refuse(new FlowError(Errors.DefenseRejected, info, { data: { reason, maxRunning, maxQueued, running: this.running.size, queued: this.queue.length } }));
    return r.execution as HostExecution<TOut>;
  }

  private begin(r: HostedRun): void {
    this.running.add(r);
    r.start();
  }

  // RunOwner

  leftQueue(r: HostedRun): void {
    const i = this.queue.indexOf(r);
    if (i >= 0) this.queue.splice(i, 1);
    this.counts.cancelled++;
    this.changed();
  }

  settled(r: HostedRun, status: 'succeeded' | 'failed' | 'cancelled'): void {
    this.running.delete(r);
    this.counts[status]++;
    this.changed();
  }

  /** A slot or a queue place freed: start queued runs, let producers in, tell a waiting close. */
  private changed(): void {
    const { maxRunning } = this.settings;
    while (this.running.size < maxRunning && this.queue.length > 0) this.begin(this.queue.shift()!);
    // As many producers as there are free slots: the others wait on (all at once, they would be refused).
    while (this.roomWaiters.length > 0 && this.hasRoom()) this.letIn(this.roomWaiters.shift()!.resolve);
    if (this.idle !== null && this.running.size === 0 && this.queue.length === 0) this.idle.end(true);
  }

  private hasRoom(): boolean {
    return this.phase === 'open' && this.running.size + this.promised < this.settings.maxRunning && this.queue.length === 0;
  }

  /** Lets a producer in, holding a slot for its run until the next macrotask (one that does not come frees it). */
  private letIn(resolve: () => void): void {
    this.promised++;
    this.expiring ??= setImmediate(() => {
      this.expiring = null;
      this.promised = 0;
      this.changed();
    });
    resolve();
  }

  room(): Promise<void> {
    if (this.phase !== 'open') return Promise.reject(closingError('room()'));
    if (this.hasRoom()) return new Promise((resolve) => this.letIn(resolve));
    return new Promise((resolve, reject) => this.roomWaiters.push({ resolve, reject }));
  }

  onClose(fn: () => unknown, name?: string): () => void {
    if (typeof fn !== 'function') throw new TypeError(`host.onClose(): the resource closer must be a function, got ${fn === null ? 'null' : typeof fn}`);
    if (name !== undefined && typeof name !== 'string') throw new TypeError(`host.onClose(): the name must be a string, got ${typeof name}`);
    if (this.phase === 'closing' || this.phase === 'closed') throw new Error(`host.onClose(): the host is already closing its resources; close ${name ?? (fn.name || 'this resource')} yourself`);
    const closer: Closer = { fn, name: name ?? (fn.name || `resource #${this.closers.length + 1}`) };
    this.closers.push(closer);
    return () => {
      const i = this.closers.indexOf(closer);
      if (i >= 0) this.closers.splice(i, 1);
    };
  }

  close(): Promise<CloseReport> {
    if (this.closing !== null) return this.closing.promise;
    let hurried = false;
    const closing: Closing = {
      promise: this.shutDown(() => hurried),
      hurry: () => {
        hurried = true;
        if (this.phase === 'draining') this.idle?.end(false);
      },
    };
    this.closing = closing;
    return closing.promise;
  }

  /** Skips the rest of the drain (the second signal); starts `close()` if it had not begun. */
  hurry(): Promise<CloseReport> {
    const p = this.close();
    this.closing!.hurry();
    return p;
  }

  private async shutDown(hurried: () => boolean): Promise<CloseReport> {
    const started = this.scheduler.now();
    this.phase = 'draining';
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w.reject(closingError('room()'));
    const drained = hurried() ? this.isIdle() : await this.waitIdle(this.settings.drainTimeoutMs);
    let cancelled: RunReport[] = [];
    let unsettled: RunReport[] = [];
    if (!drained) {
      this.phase = 'cancelling';
      const reason = new Error(hurried() ? 'host closed at once (second signal)' : `host closed: the drain deadline of ${this.settings.drainTimeoutMs} ms passed`);
      const queued = this.queue.slice();
      const running = [...this.running];
      // Queued runs first, so that none starts in a slot a cancelled run frees.
      const fromQueue = queued.map((r) => r.cancelByHost(reason));
      cancelled = [...running.map((r) => r.cancelByHost(reason)), ...fromQueue];
      if (!(await this.waitIdle(this.settings.cancelTimeoutMs))) unsettled = [...this.running].map((r) => r.report());
    }
    this.phase = 'closing';
    const resources = await closeResources(this.closers.splice(0).reverse(), this.scheduler, this.settings.closeTimeoutMs);
    this.phase = 'closed';
    for (const remove of this.signalRemovers.splice(0)) remove();
    return Object.freeze({
      drained,
      durationMs: this.scheduler.now() - started,
      status: this.status,
      cancelled: Object.freeze(cancelled),
      unsettled: Object.freeze(unsettled),
      resources,
    });
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.queue.length === 0;
  }

  /** True once no run is running or queued, false when `ms` pass first (or the drain is skipped). */
  private async waitIdle(ms: number): Promise<boolean> {
    if (this.isIdle()) return true;
    const idle = new Deadline(this.scheduler, ms);
    this.idle = idle;
    const result = await idle.promise;
    this.idle = null;
    return result || this.isIdle();
  }

  handleSignals(options?: SignalOptions): () => void {
    const remove = handleSignals(this, options);
    if (this.phase === 'closed') remove();
    else this.signalRemovers.push(remove);
    return remove;
  }
}

function closingError(what: string): FlowError {
  return new FlowError(Errors.DefenseRejected, `the host is closing: ${what} admits no new runs`, { data: { reason: 'closing' } });
}

function checkFlow(flow: unknown): void {
  const graph = (flow as { graph?: GraphNode } | null)?.graph;
  if (graph === undefined || graph === null || typeof graph !== 'object' || typeof graph.kind !== 'string') {
    throw new TypeError('host.run(): the first argument must be a Flow (built with flow())');
  }
  const slots = (flow as { slots?: readonly string[] }).slots ?? [];
  if (slots.length > 0) throw new TypeError(`host.run(): the flow is a template with unfilled slots: ${slots.map((s) => `"${s}"`).join(', ')}`);
}

/**
 * Creates a host for running flows in a service.
 * @example
 * ```ts
 * const host = createHost({ maxRunning: 8, maxQueued: 100, drainTimeoutMs: 10_000, cancelTimeoutMs: 2_000 });
 * const receipt = await host.run(checkout, order);
 * const report = await host.close();
 * ```
 * @public
 */
export function createHost(options: HostOptions = {}): Host {
  return new HostImpl(options);
}

