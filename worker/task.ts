/**
 * One task of a worker step, from the step's side: queued in its pool,
 * running in a thread, or done. It settles the step's promise, and on a
 * cancel leaves the queue at once, or raises the shared cancel flag and,
 * after the pool's grace period, has its thread terminated.
 */
import { CANCEL, FLAG_COUNT, RETURNED, type TaskMessage, type TaskReply } from './wire.js';
import { errorFromWire } from './revive.js';
import { Errors, FlowError } from '../runtime/errors.js';

/** Where a task is. */
export type TaskState = 'queued' | 'running' | 'done';

/** How long a task waited and ran (ms of real time). */
export interface TaskTimes {
  readonly queueMs: number;
  readonly runMs: number;
}

/** What a task tells its step. */
export interface TaskOwner {
  /** The task's value, with its times. */
  succeed(value: unknown, times: TaskTimes): void;
  /** The task's error (what it threw, or why it could not run), with its times when it ran. */
  fail(error: unknown, times: TaskTimes | undefined): void;
}

/** The code a worker step fails with when its thread died under it (exit, out of memory, terminated). */
export const WORKER_CRASHED = 'WorkerCrashed';

/** Wall-clock ms with sub-ms precision, as the thread measures its own times. */
export const now = (): number => performance.timeOrigin + performance.now();

export class Task {
  state: TaskState = 'queued';
  /** The step was cancelled: nothing is told to it any more. */
  cancelled = false;
  readonly message: TaskMessage;
  readonly submittedAt = now();
  /** When the pool handed it to piscina (a thread). */
  dispatchedAt = 0;
  /** Aborts piscina's run of the task: terminates its thread. */
  readonly abort = new AbortController();
  graceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly what: string,
    url: string,
    name: string,
    input: unknown,
    readonly transfer: readonly unknown[] | undefined,
    readonly owner: TaskOwner,
  ) {
    this.message = { url, name, input, flags: new Int32Array(new SharedArrayBuffer(FLAG_COUNT * 4)) };
  }

  /** Asks the running task to stop (its `ctx.signal` aborts, `ctx.throwIfCancelled()` throws). */
  requestCancel(): void {
    this.cancelled = true;
    const flags = this.message.flags;
    Atomics.store(flags, CANCEL, 1);
    Atomics.notify(flags, CANCEL);
  }

  /** The thread replied. */
  replied(reply: TaskReply): void {
    this.finish();
    if (this.cancelled) return;
    if ('skipped' in reply) return this.owner.fail(new FlowError(Errors.Cancelled), undefined);
    const times = { queueMs: Math.max(0, reply.startedAt - this.submittedAt), runMs: Math.max(0, reply.endedAt - reply.startedAt) };
    if (reply.ok) this.owner.succeed(reply.value, times);
    else this.owner.fail(errorFromWire(reply.error), times);
  }

  /** piscina rejected the task: its input could not be sent, its output could not be sent back, or its thread died. */
  rejected(reason: unknown, pool: string, closing: boolean): void {
    this.finish();
    if (this.cancelled) return;
    const returned = Atomics.load(this.message.flags, RETURNED) === 1;
    const message = reasonText(reason);
    // Measured here (no reply came): from submit to dispatch, and from dispatch to now.
    const at = now();
    const times = this.dispatchedAt === 0 ? undefined : { queueMs: Math.max(0, this.dispatchedAt - this.submittedAt), runMs: Math.max(0, at - this.dispatchedAt) };
    const cause = reason instanceof Error ? { cause: reason } : undefined;
    if (isDataCloneError(reason) && !returned) {
      this.owner.fail(new FlowError(Errors.InternalError, `${this.what}: its input cannot be sent to a worker thread (values must be structured-cloneable): ${message}`, cause), undefined);
    } else if (returned) {
      const detail = reason instanceof Error && reason.message !== '' ? `: ${reason.message}` : '';
      this.owner.fail(new FlowError(Errors.InternalError, `${this.what}: its output cannot be sent back from the worker thread (values must be structured-cloneable: no functions, symbols or objects holding them)${detail}`, cause), times);
    } else {
      const why = closing ? `${pool} closed while the task ran` : `the worker thread of ${pool} stopped: ${message}`;
      this.owner.fail(new FlowError(WORKER_CRASHED, `${this.what}: ${why}`, cause), times);
    }
  }

  private finish(): void {
    this.state = 'done';
    if (this.graceTimer !== null) {
      clearTimeout(this.graceTimer);
      this.graceTimer = null;
    }
  }
}

function isDataCloneError(e: unknown): boolean {
  return e instanceof Error && e.name === 'DataCloneError';
}

function reasonText(e: unknown): string {
  if (e instanceof Error && typeof e.message === 'string' && e.message !== '') return e.message;
  try {
    const s = JSON.stringify(e);
    return s === undefined || s === '{}' ? String(e) : s;
  } catch {
    return Object.prototype.toString.call(e);
  }
}
