/**
 * The code a worker thread runs for every task: loads the task's module
 * once, calls the exported function as `fn(input, ctx)`, and replies with
 * its value or its error as data. `ctx.signal` aborts when the step is
 * cancelled (through the task's shared cancel flag), and
 * `ctx.throwIfCancelled()` reads the flag directly, so a CPU loop that
 * never yields can stop too.
 */
import { CANCEL, errorToWire, RETURNED, type TaskMessage, type TaskReply } from './wire.js';
import type { WorkerContext } from './worker-context.js';

/** `Atomics.waitAsync` (ES2024; Node 16+ has it). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

const modules = new Map<string, Promise<Record<string, unknown>>>();

async function exportOf(url: string, name: string): Promise<(input: unknown, ctx: WorkerContext) => unknown> {
  let mod = modules.get(url);
  if (mod === undefined) {
    mod = import(url) as Promise<Record<string, unknown>>;
    modules.set(url, mod);
    mod.catch(() => modules.delete(url));
  }
  const fn = (await mod)[name];
  if (typeof fn !== 'function') throw new TypeError(`worker module ${url} has no exported function "${name}" (found ${fn === undefined ? 'nothing' : typeof fn})`);
  return fn as (input: unknown, ctx: WorkerContext) => unknown;
}

const now = (): number => performance.timeOrigin + performance.now();

/** The `ctx` of one task. Its signal is made on first use (a waiter on the cancel flag). */
class TaskContext implements WorkerContext {
  private controller: AbortController | null = null;
  private waiting = false;

  constructor(private readonly flags: Int32Array) {}

  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (Atomics.load(this.flags, CANCEL) === 1) this.abort();
      else {
        const wait = waitAsync(this.flags, CANCEL, 0);
        if (wait.async) {
          this.waiting = true;
          void (wait.value as Promise<string>).then(() => {
            this.waiting = false;
            if (Atomics.load(this.flags, CANCEL) === 1) this.abort();
          });
        } else this.abort();
      }
    }
    return this.controller.signal;
  }

  throwIfCancelled(): void {
    if (Atomics.load(this.flags, CANCEL) !== 1) return;
    const signal = this.signal;
    this.abort();
    signal.throwIfAborted();
  }

  private abort(): void {
    const c = this.controller;
    if (c !== null && !c.signal.aborted) c.abort(new DOMException('the worker step was cancelled', 'AbortError'));
  }

  /** The task ended: releases the waiter on the cancel flag, if any. */
  release(): void {
    if (this.waiting) Atomics.notify(this.flags, CANCEL);
  }
}

/** Runs one task (piscina calls this with each task message). */
export default async function runTask(task: TaskMessage): Promise<TaskReply> {
  const { flags } = task;
  if (Atomics.load(flags, CANCEL) === 1) return { skipped: true };
  let startedAt = now();
  const ctx = new TaskContext(flags);
  try {
    const fn = await exportOf(task.url, task.name);
    startedAt = now();
    const value = await fn(task.input, ctx);
    return { ok: true, value, startedAt, endedAt: now() };
  } catch (e) {
    return { ok: false, error: errorToWire(e), startedAt, endedAt: now() };
  } finally {
    ctx.release();
    Atomics.store(flags, RETURNED, 1);
  }
}
