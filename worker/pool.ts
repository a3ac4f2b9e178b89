/**
 * A pool of worker threads (piscina underneath) with its own FIFO queue in
 * front: a task goes to piscina only when a thread is free, so a queued
 * task can leave the queue at once when its step is cancelled, and the
 * queue bound is exact. A running task that is cancelled gets its shared
 * cancel flag raised; if it has not finished after `cancelGraceMs`, its
 * run is aborted, which terminates the thread (piscina starts another).
 */
import { createRequire } from 'node:module';
import type { Piscina as PiscinaPool } from 'piscina';
import { Errors, FlowError, reportStray } from '../runtime/errors.js';
import { poolSettings, type PoolSettings, type WorkerPoolOptions } from './pool-options.js';
import { now, Task } from './task.js';

/**
 * Threads for worker steps: `createWorkerPool(options)`, or the pool each
 * module gets by default. Close it when the service stops (`host.onClose`).
 * @example
 * ```ts
 * const pool = createWorkerPool({ size: 2, maxQueue: 100 });
 * host.onClose(() => pool.close(), 'worker pool');
 * const hashStep = worker(hashModule, 'hash', { pool });
 * ```
 * @public
 */
export interface WorkerPool {
  /** The pool's name, as errors show it. */
  readonly name: string;
  /** Threads at most. */
  readonly size: number;
  /** Tasks waiting for a thread, and tasks in threads now (cancelled ones still stopping included). */
  readonly status: { readonly queued: number; readonly running: number; readonly threads: number; readonly closed: boolean };
  /**
   * Stops taking tasks (their steps fail with `DefenseRejected`), fails the
   * queued ones the same way, lets running tasks finish for up to
   * `cancelGraceMs`, then terminates the threads. A second call returns
   * the same promise.
   */
  close(): Promise<void>;
}

let loaded: typeof PiscinaPool | undefined;

function piscinaClass(): typeof PiscinaPool {
  if (loaded !== undefined) return loaded;
  try {
    loaded = (createRequire(import.meta.url)('piscina') as { Piscina: typeof PiscinaPool }).Piscina;
  } catch (e) {
    throw new Error('stepflow/worker needs the package piscina (an optional peer dependency): npm install piscina', { cause: e });
  }
  return loaded;
}

const threadEntry = new URL('./thread-entry.js', import.meta.url).href;

export class WorkerPoolImpl implements WorkerPool {
  readonly settings: PoolSettings;
  private readonly queue: Task[] = [];
  private readonly active = new Set<Task>();
  private piscina: PiscinaPool | null = null;
  private closing: Promise<void> | null = null;
  /** Told when the last running task ended (while closing). */
  private idle: (() => void) | null = null;

  constructor(options: WorkerPoolOptions, defaultName?: string) {
    this.settings = poolSettings(options, defaultName);
    piscinaClass();
  }

  get name(): string {
    return this.settings.name;
  }

  get size(): number {
    return this.settings.size;
  }

  get status(): WorkerPool['status'] {
    return Object.freeze({ queued: this.queue.length, running: this.active.size, threads: this.piscina?.threads.length ?? 0, closed: this.closing !== null });
  }

  /** Takes a task: to a free thread now, into the queue, or refused (closed, queue full). */
  submit(task: Task): void {
    const { size, maxQueue, name } = this.settings;
    if (this.closing !== null) {
      task.state = 'done';
      task.owner.fail(new FlowError(Errors.DefenseRejected, `${task.what}: ${name} is closed`, { data: { pool: name, reason: 'closed' } }), undefined);
    } else if (this.active.size < size) this.dispatch(task);
    else if (this.queue.length < maxQueue) this.queue.push(task);
    else {
      task.state = 'done';
      task.owner.fail(new FlowError(Errors.DefenseRejected, `${task.what}: ${name} queue is full (maxQueue ${maxQueue})`, { data: { pool: name, reason: 'maxQueue', maxQueue } }), undefined);
    }
  }

  /** The task's step was cancelled: a queued task leaves the queue, a running one is asked to stop and terminated after the grace. */
  cancel(task: Task): void {
    if (task.state === 'queued') {
      task.state = 'done';
      task.cancelled = true;
      const i = this.queue.indexOf(task);
      if (i >= 0) this.queue.splice(i, 1);
    } else if (task.state === 'running' && !task.cancelled) {
      task.requestCancel();
      task.graceTimer = setTimeout(() => {
        task.graceTimer = null;
        task.abort.abort();
      }, this.settings.cancelGraceMs);
    }
  }

  private threads(): PiscinaPool {
    if (this.piscina !== null) return this.piscina;
    const s = this.settings;
    const Piscina = piscinaClass();
    this.piscina = new Piscina({
      filename: threadEntry,
      minThreads: 0,
      maxThreads: s.size,
      idleTimeout: s.idleTimeoutMs,
      maxQueue: Infinity,
      ...(s.maxHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: s.maxHeapMb } }),
    });
    // A thread that fails while it holds no task (out of memory as it starts): piscina emits 'error', which with no
    // listener would be thrown in the main thread and end the process. It is reported; a task it took fails as crashed.
    this.piscina.on('error', (e: unknown) => reportStray(e, `${s.name}: a worker thread failed outside a task`));
    return this.piscina;
  }

  private dispatch(task: Task): void {
    task.state = 'running';
    task.dispatchedAt = now();
    this.active.add(task);
    const options = task.transfer === undefined ? { signal: task.abort.signal } : { signal: task.abort.signal, transferList: task.transfer as never };
    this.threads()
      .run(task.message, options)
      .then(
        (reply) => task.replied(reply),
        (reason: unknown) => task.rejected(reason, this.settings.name, this.closing !== null),
      )
      .finally(() => {
        this.active.delete(task);
        this.next();
        if (this.active.size === 0) this.idle?.();
      });
  }

  /** A thread is free: the next queued task goes to it. */
  private next(): void {
    while (this.active.size < this.settings.size && this.queue.length > 0) this.dispatch(this.queue.shift()!);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const name = this.settings.name;
    for (const task of this.queue.splice(0)) {
      task.state = 'done';
      task.owner.fail(new FlowError(Errors.DefenseRejected, `${task.what}: ${name} closed before the task ran`, { data: { pool: name, reason: 'closed' } }), undefined);
    }
    if (this.active.size > 0) {
      // Running tasks may finish for up to the grace period.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.settings.cancelGraceMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.idle = done;
      });
      this.idle = null;
    }
    const p = this.piscina;
    this.piscina = null;
    if (p !== null) await p.destroy();
  }
}

/**
 * Creates a pool of worker threads for worker steps.
 * @example
 * ```ts
 * const pool = createWorkerPool({ size: 2, maxQueue: 64, cancelGraceMs: 200 });
 * const resize = worker(imageModule, 'resize', { pool });
 * await pool.close();
 * ```
 * @public
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  return new WorkerPoolImpl(options);
}
