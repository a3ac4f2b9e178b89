/**
 * Parallel blocks: each branch is its own thread below the parallel frame.
 * The frame waits; branch threads report to a {@link Join} that settles the
 * frame by mode (all / allSettled / race / any), cancelling the losers
 * synchronously first.
 */
import type { ParallelNode } from '../../graph/nodes/parallel-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { adoptContinuations, mergeContinuations } from '../context-vars.js';
import { Errors, FlowError, type Unwind } from '../errors.js';
import { EMPTY, type Frame } from '../interpreter/frame.js';
import { complete, isWaiting, raise, resumeDone, resumeFail, suspend } from '../interpreter/moves.js';
import { startBranch } from '../interpreter/start.js';
import { cancelThread } from '../interpreter/cancel.js';
import type { Thread, ThreadOwner } from '../interpreter/thread.js';

/** Collects branch outcomes and settles the parallel frame. */
class Join implements ThreadOwner {
  readonly threads: (Thread | null)[];
  readonly results: unknown[];
  readonly errors: Unwind[] = [];
  next = 0;
  running = 0;
  settled = false;
  /** Each finished branch's continuation values, and the order they finished in. */
  readonly finals: (Map<object, unknown> | null)[];
  readonly order: number[] = [];

  constructor(
    readonly f: Frame,
    readonly node: ParallelNode,
  ) {
    const n = node.branches.length;
    this.threads = new Array<Thread | null>(n).fill(null);
    this.results = new Array<unknown>(n);
    this.finals = new Array<Map<object, unknown> | null>(n).fill(null);
  }

  /** Has every branch started and finished? */
  get allFinished(): boolean {
    return this.running === 0 && this.next === this.node.branches.length;
  }

  /** Starts branches until the concurrency limit is reached. */
  fill(): void {
    const n = this.node.branches.length;
    if (this.next >= n) return;
    const limit = this.node.concurrency ?? n;
    const args = this.node.style === 'ftn12' ? EMPTY : this.f.args;
    while (this.next < n && this.running < limit && !this.settled) {
      const i = this.next++;
      this.running++;
      this.threads[i] = startBranch(this.f, this.node.branches[i]!, args, this, i);
    }
  }

  threadDone(t: Thread, args: readonly unknown[]): void {
    if (this.settled) return;
    this.threads[t.index] = null;
    this.running--;
    this.finals[t.index] = t.cvars;
    this.order.push(t.index);
    const value = args[0];
    switch (this.node.mode) {
      case 'race':
      case 'any':
        adoptContinuations(this.f.thread, t);
        return this.succeed(value);
      case 'allSettled':
        this.results[t.index] = { status: 'fulfilled', value };
        break;
      default:
        this.results[t.index] = value;
    }
    if (this.allFinished) {
      mergeContinuations(this.f.thread, this.finals, this.order);
      this.succeed(this.shape(this.results));
    } else this.fill();
  }

  threadFailed(t: Thread, error: Unwind): void {
    if (this.settled) return;
    this.threads[t.index] = null;
    this.running--;
    const mode = this.node.mode;
    if (error instanceof FlowError && (mode === 'any' || mode === 'allSettled')) {
      this.finals[t.index] = t.cvars;
      this.order.push(t.index);
      if (mode === 'allSettled') this.results[t.index] = { status: 'rejected', error };
      else this.errors[t.index] = error;
      if (!this.allFinished) return this.fill();
      if (mode === 'allSettled') {
        mergeContinuations(this.f.thread, this.finals, this.order);
        return this.succeed(this.shape(this.results));
      }
      return this.fail(new FlowError(Errors.AllFailed, 'every branch failed', { data: this.errors.slice() }));
    }
    adoptContinuations(this.f.thread, t);
    this.fail(error);
  }

  shape(values: unknown[]): unknown {
    const keys = this.node.keys;
    if (keys === undefined) return values;
    const rec: Record<string, unknown> = {};
    keys.forEach((k, i) => {
      rec[k] = values[i];
    });
    return rec;
  }

  cancelRunning(): void {
    this.settled = true;
    for (let i = 0; i < this.threads.length; i++) {
      const t = this.threads[i];
      if (t != null) {
        this.threads[i] = null;
        cancelThread(t);
      }
    }
  }

  succeed(value: unknown): void {
    this.cancelRunning();
    if (isWaiting(this.f)) resumeDone(this.f, this.node.style === 'ftn12' ? EMPTY : [value]);
  }

  fail(error: Unwind): void {
    this.cancelRunning();
    if (isWaiting(this.f)) resumeFail(this.f, error);
  }
}

export const parallelBehaviour: Behaviour<ParallelNode> = {
  enter(f, node) {
    if (node.branches.length === 0) {
      if (node.mode === 'any') return raise(f, new FlowError(Errors.AllFailed, 'no branches', { data: [] }));
      complete(f, node.style === 'ftn12' ? EMPTY : [node.keys ? {} : []]);
      return;
    }
    const join = new Join(f, node);
    f.data = join;
    suspend(f);
    join.fill();
  },
  cancel(f) {
    (f.data as Join | undefined)?.cancelRunning();
  },
};
