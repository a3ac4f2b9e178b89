/**
 * A durable run: one execution of a typed flow whose continuation is
 * committed at step boundaries, so another process can carry on from the
 * last checkpoint with no completed step run again.
 *
 * Checkpoint policy: the run's scheduler holds back every resume (an async
 * step completed, a timer fired, a signal arrived) and every yield until a
 * checkpoint with that state is committed; the synchronous steps that
 * follow run together up to the next wait, where they are committed (with
 * the wake time of a sleep, a wait's timeout or a retry's backoff that
 * started), so a crash in the wait runs none of them again. A run whose
 * every branch waits for time or a signal parks: it is committed as
 * waiting and leaves memory. The end is committed with the result or the
 * error. State changes go through `as.update` (immer) and are committed as
 * patches, by step; a handler that runs again on resume does not apply
 * again those it had made (`state-log.ts`).
 */
import { cancelledError, Errors, FlowError, runFailure, type Unwind } from '../errors.js';
import { attachEvents } from '../events.js';
import { readyCount } from '../interpreter/driver.js';
import type { Frame, FrameClass } from '../interpreter/frame.js';
import type { RunHooks } from '../interpreter/run.js';
import { cancelRun } from '../interpreter/start.js';
import type { StepStyle } from '../../graph/nodes/handler.js';
import { StepRun } from '../step-api/step-run.js';
import { DurableRefusal, type Cursor, type Json } from './cursor.js';
import type { DurableCheckpoint, DurableEnd, DurableRunOptions, StateChange } from './durable-types.js';
import { gateScheduler, type GateKeeper } from './gate.js';
import { dropRun, parkableWait, type ParkedWait } from './parking.js';
import { valueJson } from './checkpoint-values.js';
import { restoreCursor, startCursor } from './restore.js';
import { DurableSignals, type RunSignal } from './signal-box.js';

export type { DurableCheckpoint, DurableEnd, DurableRunOptions, StateChange };
import { saveCursor } from './snapshot.js';
import { completedSteps, doneSteps, DurableFrame, timedWaits, unstored } from './progress.js';
import { StateLog } from './state-log.js';
import { safeError, saveUnwind } from './unwinds.js';

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class DurableRun extends StepRun implements RunHooks, GateKeeper {
  readonly durable = true;
  readonly signals: DurableSignals;
  /** Settles with how the run left this process. */
  readonly ended: Promise<DurableEnd>;
  private endWith!: (end: DurableEnd) => void;
  private readonly options: DurableRunOptions;
  private readonly stateLog: StateLog;
  /** Frames made since the last checkpoint (see `progress.ts`). */
  entered: Frame[] = [];
  /** The wall-clock waits the last checkpoint holds. */
  private waitsStored: ReadonlyMap<Frame, number> = new Map();
  private lastCursor = '';
  private task: (() => void) | null = null;
  private restoring = false;
  private parking = false;
  private turn = false;
  private cycling = false;
  private finishing: DurableEnd | null = null;
  private end: DurableEnd | null = null;

  private constructor(options: DurableRunOptions) {
    let self: DurableRun | null = null;
    super(gateScheduler(() => self!));
    self = this;
    this.options = options;
    this.signals = new DurableSignals(options.signals);
    this.stateLog = new StateLog(options.state);
    this.ended = new Promise((resolve) => (this.endWith = resolve));
    if (options.onEvent !== undefined) attachEvents(this, options.graph, options.onEvent);
  }

  override get frames(): FrameClass {
    return DurableFrame;
  }

  get style(): StepStyle {
    return 'typed';
  }

  /** Starts (or resumes) a run; its first moves wait for the scheduler like every resume. */
  static async start(options: DurableRunOptions): Promise<DurableRun> {
    const run = new DurableRun(options);
    const cursor = options.cursor ?? startCursor(options.input);
    run.restoring = true;
    try {
      await restoreCursor(run, options.graph, cursor);
    } catch (e) {
      run.restoring = false;
      run.refuse(e, true);
      return run;
    }
    // What is stored already is not committed again: a resume commits only once it made progress,
    // so a run that keeps crashing in one step counts its crashes in a row (and goes dead).
    try {
      run.lastCursor = JSON.stringify(saveCursor(run));
    } catch {
      run.lastCursor = '';
    }
    run.restoring = false;
    if (run.task !== null && !run.cycling) void run.cycle();
    return run;
  }

  // Run hooks: a durable run is its own.

  runId(): string {
    return this.options.id;
  }

  done(value: unknown): void {
    try {
      this.finishWith({ status: 'succeeded', result: valueJson(value ?? null, 'the output of the flow') });
    } catch (e) {
      this.finishWith({ status: 'failed', error: new FlowError(Errors.InternalError, (e as Error).message, { cause: e }) });
    }
  }

  failed(error: Unwind): void {
    this.finishWith({ status: 'failed', error: runFailure(error) });
  }

  makeState(): Record<string, any> {
    return this.stateLog.state;
  }

  updateState(frame: Frame, recipe: (draft: any) => void): void {
    this.stateLog.update(frame, recipe);
  }

  /** A signal arrives for the run while it is in memory. */
  deliver(signal: RunSignal): void {
    if (this.end === null && this.finishing === null) this.signals.deliver(signal);
  }

  /** Cancels the run: cancel handlers and `finally` run, then the cancel is committed. */
  cancel(reason?: unknown): void {
    if (this.end !== null || this.finishing !== null) return;
    // Being committed as waiting, the run is the store's again: the cancel (requested there too)
    // makes it due, and it is cancelled where it is claimed next — its handlers run once.
    if (this.parking) return;
    const error = cancelledError(reason);
    this.finishing = { status: 'cancelled', error };
    cancelRun(this);
    if (!this.cycling) void this.cycle();
  }

  /** Leaves the run to another process: forgets it here, commits nothing. */
  abandon(reason: unknown): void {
    if (this.end !== null) return;
    dropRun(this, new FlowError(Errors.Cancelled, 'the run moved to another process'));
    this.signals.clear();
    this.settle({ status: 'abandoned', reason });
  }

  // The gate: resumes and yields wait for the checkpoint.

  hold(task: () => void, turn: boolean): void {
    this.task = task;
    if (turn) this.turn = true;
    // While the run is rebuilt, its threads wait: the cycle starts once it knows what is stored.
    if (!this.cycling && !this.restoring) void this.cycle();
  }

  private async cycle(): Promise<void> {
    this.cycling = true;
    try {
      while (this.end === null) {
        if (this.finishing !== null) return await this.finish(this.finishing);
        const task = this.task;
        if (task === null) {
          // Every thread waits: park, or stay in memory (a resume that came meanwhile goes on at once).
          const parked = await this.parkIfIdle();
          if (this.end === null && this.finishing !== null) continue;
          if (parked) return;
          if (this.task === null && unstored(this, this.waitsStored) && !(await this.commit('running'))) {
            if (this.end === null && this.finishing !== null) continue;
            return;
          }
          // A cancel (or a refusal) that came during the commit finishes here: it started no cycle of its own.
          if (this.task === null && this.finishing === null) return;
          continue;
        }
        if (this.turn) {
          this.turn = false;
          await macrotask();
          continue;
        }
        const before = readyCount(this.scheduler);
        if (!(await this.commit('running'))) {
          // Refused (the run now finishes as failed) or abandoned (it ended here).
          if (this.end === null && this.finishing !== null) continue;
          return;
        }
        if (readyCount(this.scheduler) !== before || this.turn || this.finishing !== null) continue;
        this.task = null;
        task();
      }
    } finally {
      this.cycling = false;
    }
  }

  /** Commits the run as it is now (nothing when nothing changed); false when the run ended here instead. */
  private async commit(status: 'running' | 'waiting', wait?: ParkedWait): Promise<boolean> {
    let cursor: Cursor | null;
    try {
      cursor = saveCursor(this);
    } catch (e) {
      this.refuse(e);
      return false;
    }
    const text = JSON.stringify(cursor);
    const entered = this.entered;
    this.entered = [];
    this.waitsStored = timedWaits(this);
    if (status === 'running' && text === this.lastCursor && !this.stateLog.changed && this.signals.consumed.length === 0) return true;
    const steps = [...doneSteps(entered), ...completedSteps(this)];
    const checkpoint: DurableCheckpoint = { status, cursor, ...this.stateLog.take(), steps, consumed: this.signals.drainConsumed(), ...(wait === undefined ? {} : { wait }) };
    try {
      await this.options.commit(checkpoint);
    } catch (e) {
      this.abandon(e);
      return false;
    }
    this.lastCursor = text;
    return true;
  }

  /** Every thread waits: park when the wait is for a signal or long enough, holding no memory. */
  private async parkIfIdle(): Promise<boolean> {
    const wait = parkableWait(this);
    if (wait === null) return false;
    const now = Date.now();
    // Every branch waits for a signal (with or without a timeout), or for a time at least parkAfterMs away: a branch
    // that only sleeps (or backs off) for less keeps the run in memory.
    const timeOnly = wait.signals.length === 0 ? wait.wakeAt : (wait.timeOnlyAt ?? null);
    if (timeOnly !== null && timeOnly - now < this.options.parkAfterMs) return false;
    this.parking = true;
    let committed: boolean;
    try {
      committed = await this.commit('waiting', { wakeAt: wait.wakeAt, signals: wait.signals });
    } finally {
      this.parking = false;
    }
    if (!committed) return true;
    // Committed as waiting, the run is the store's again, even if something woke it meanwhile: the store wakes it when due.
    dropRun(this);
    this.signals.clear();
    this.settle({ status: 'parked', wait: { wakeAt: wait.wakeAt, signals: wait.signals } });
    return true;
  }

  private finishWith(end: DurableEnd): void {
    if (this.finishing !== null || this.end !== null) return;
    this.finishing = end;
    if (!this.cycling) void this.cycle();
  }

  /** Fails the run for what a checkpoint cannot keep (named in the error). */
  private refuse(e: unknown, restoring = false): void {
    const message = e instanceof DurableRefusal ? String(e.info) : e instanceof Error ? e.message : String(e);
    const error = new FlowError(Errors.InternalError, message, { cause: e });
    if (this.finishing === null) this.finishing = { status: 'failed', error };
    // A run that could not be rebuilt is dropped; a running one is cancelled, so its resources are released.
    if (restoring) dropRun(this);
    else if (this.thread !== null) cancelRun(this);
    if (!this.cycling) void this.cycle();
  }

  /** Commits the end, once async cleanups started by a cancel settled. */
  private async finish(end: DurableEnd): Promise<void> {
    const cleanups = this.cleanups;
    if (cleanups !== null && cleanups.size > 0) await Promise.allSettled([...cleanups.keys()]);
    const base = { cursor: null, ...this.stateLog.take(), steps: [], consumed: this.signals.drainConsumed() };
    let checkpoint: DurableCheckpoint;
    if (end.status === 'succeeded') checkpoint = { ...base, status: 'succeeded', result: (end.result ?? null) as Json };
    else if (end.status === 'failed' || end.status === 'cancelled') checkpoint = { ...base, status: end.status, error: saveUnwind(safeError(end.error), 'the run') };
    else return this.settle(end);
    try {
      await this.options.commit(checkpoint);
    } catch (e) {
      return this.abandon(e);
    }
    this.settle(end);
  }

  private settle(end: DurableEnd): void {
    if (this.end !== null) return;
    this.end = end;
    this.endWith(end);
  }
}
