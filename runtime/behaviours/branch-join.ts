/**
 * One join for every construct whose branches run as threads below a
 * waiting frame: `parallel` (`all`), `allSettled`, `race`, `any`, and `map`
 * (an `all` whose branches are the items of a source, pulled no faster than
 * `concurrency` allows and closed when the join stops early). The policy of
 * the mode decides what a finished or failed branch means; the join starts
 * branches, collects results, cancels the losers synchronously and resumes
 * the frame.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { adoptContinuations, mergeContinuations } from '../context-vars.js';
import { Errors, FlowError, reportStray, type Unwind, flowFailure } from '../errors.js';
import { cancelThread } from '../interpreter/cancel.js';
import { EMPTY, type Frame } from '../interpreter/frame.js';
import { isWaiting, resumeDone, resumeFail, settleDone, settleFail } from '../interpreter/moves.js';
import { startThread } from '../interpreter/driver.js';
import { branchThread } from '../interpreter/start.js';
import type { Thread, ThreadOwner } from '../interpreter/thread.js';
import { thrownUnwind } from '../interpreter/user-code.js';
import { inFrame } from '../interpreter/active.js';
import type { ParallelMode } from '../../graph/nodes/parallel-node.js';
import { keyedResults, type JoinMode, type JoinProgress } from './join-progress.js';
import { nextOf, type Source } from './source.js';

/** The state a parallel or map frame keeps: its join. */
export class BranchJoin implements ThreadOwner {
  /** Running branch threads, by branch index (null once finished). */
  private readonly threads: (Thread | null)[];
  private readonly results: unknown[];
  /** any: the branch errors, by index (made on the first one). */
  private errors: Unwind[] | null = null;
  /** Each finished branch's continuation values, and the order branches finished in. */
  private readonly finals: (Map<object, unknown> | null)[];
  private readonly order: number[] = [];
  private started = 0;
  private running = 0;
  private settled = false;
  /** map: the source ran out (or failed). */
  private exhausted: boolean;
  /** map: an async pull is on its way. */
  private pulling = false;
  /** The frame's `enter` is on the stack: a join that settles now settles in place, not through the ready queue. */
  private entering = false;
  /** `fill` is on the stack: a branch that ends synchronously inside it does not start the next one itself. */
  private filling = false;

  private constructor(
    readonly f: Frame,
    readonly mode: JoinMode,
    readonly limit: number,
    /** parallel: record keys of the branches (the output is a record). */
    private readonly keys: readonly string[] | undefined,
    /** FTN12 parallel blocks pass no result on (FTN12.md #2). */
    private readonly ftn12: boolean,
    /** parallel: the branches, all with the same input. */
    private readonly branches: readonly GraphNode[] | null,
    private readonly branchArgs: readonly unknown[],
    /** map: the items (an async iterable is pulled one `next()` at a time, which no checkpoint can hold) and the body run for each (with the item's index when the body is a handler). */
    readonly source: Source | null,
    private readonly body: GraphNode | null,
    private readonly withIndex: boolean,
  ) {
    this.exhausted = source === null;
    // A parallel block knows its size: dense arrays from the start.
    const n = branches === null ? 0 : branches.length;
    this.threads = new Array<Thread | null>(n).fill(null);
    this.results = new Array<unknown>(n);
    this.finals = new Array<Map<object, unknown> | null>(n).fill(null);
  }

  /** A parallel block's join: every branch gets `args`. */
  static ofBranches(f: Frame, mode: ParallelMode, branches: readonly GraphNode[], args: readonly unknown[], options: { limit: number; keys: readonly string[] | undefined; ftn12: boolean }): BranchJoin {
    return new BranchJoin(f, mode, options.limit, options.keys, options.ftn12, branches, args, null, null, false);
  }

  /** A map's join: a branch per item of `source`, running `body`. */
  static ofItems(f: Frame, source: Source, body: GraphNode, limit: number, withIndex: boolean): BranchJoin {
    return new BranchJoin(f, 'map', limit, undefined, false, null, EMPTY, source, body, withIndex);
  }

  /** Its progress, and the branches running now (for a durable checkpoint). */
  progress(): { readonly progress: JoinProgress; readonly running: readonly Thread[] } {
    const running = this.threads.filter((t): t is Thread => t !== null);
    return { progress: { started: this.started, order: this.order, results: this.results, errors: this.errors, finals: this.finals, exhausted: this.exhausted }, running };
  }

  /**
   * Continues from a checkpoint's progress. The branches that were running
   * are restored by the caller and handed over with {@link BranchJoin.adopt};
   * a map's source must already be where the progress says (items pulled).
   */
  resumeFrom(p: JoinProgress): void {
    this.started = p.started;
    for (const i of p.order) {
      this.results[i] = p.results[i];
      this.finals[i] = (p.finals[i] as Map<object, unknown> | null | undefined) ?? null;
      this.order.push(i);
    }
    if (p.errors !== null) this.errors = p.errors.slice() as Unwind[];
    if (p.exhausted) {
      this.exhausted = true;
      this.source?.finished();
    }
  }

  /** A restored branch thread that was running at the checkpoint. */
  adopt(t: Thread): void {
    this.threads[t.index] = t;
    this.running++;
  }

  /**
   * Starts the branches, from the frame's `enter`. Branches run at once, in
   * order (see `startThread`); when every one ends synchronously the frame
   * completes before `enter` returns.
   */
  start(): void {
    this.entering = true;
    try {
      this.fill();
    } finally {
      this.entering = false;
    }
  }

  /**
   * Starts branches until the limit is reached, the branches run out, or the
   * join settled. Re-entered by a branch that ends inside it, it returns at
   * once: the loop on the stack starts the next one, so the stack never grows
   * with the branch count.
   */
  fill(): void {
    if (this.filling) return;
    this.filling = true;
    try {
      const branches = this.branches;
      if (branches === null) return this.pull();
      const n = branches.length;
      while (this.started < n && this.running < this.limit && !this.settled) this.launch(branches[this.started]!, this.branchArgs);
    } finally {
      this.filling = false;
    }
  }

  private launch(node: GraphNode, args: readonly unknown[]): void {
    const i = this.started++;
    this.running++;
    const t = branchThread(this.f, node, args, this, i);
    this.threads[i] = t;
    startThread(t);
  }

  /** map: pulls items while there is room (an async source one item at a time), then settles when all are done. */
  private pull(): void {
    const source = this.source!;
    while (!this.settled && !this.exhausted && this.running < this.limit) {
      if (source.async) {
        if (this.pulling) return;
        this.pulling = true;
        (inFrame(this.f, nextOf, source) as Promise<IteratorResult<unknown>>).then(
          (r) => {
            this.pulling = false;
            if (this.settled) return;
            this.take(r);
            this.pull();
          },
          (e: unknown) => {
            this.pulling = false;
            this.exhausted = true;
            source.finished();
            if (!this.settled) this.fail(thrownUnwind(this.f, e));
          },
        );
        return;
      }
      let r: IteratorResult<unknown>;
      try {
        r = inFrame(this.f, nextOf, source) as IteratorResult<unknown>;
      } catch (e) {
        this.exhausted = true;
        source.finished();
        return this.fail(thrownUnwind(this.f, e));
      }
      this.take(r);
    }
    if (this.exhausted && this.running === 0 && !this.settled) this.finishAll();
  }

  private take(r: IteratorResult<unknown>): void {
    if (r.done === true) {
      this.exhausted = true;
      this.source!.finished();
    } else this.launch(this.body!, this.withIndex ? [r.value, this.started] : [r.value]);
  }

  private get allFinished(): boolean {
    return this.running === 0 && (this.branches !== null ? this.started === this.branches.length : this.exhausted);
  }

  private record(t: Thread): void {
    this.threads[t.index] = null;
    this.running--;
    this.finals[t.index] = t.cvars;
    this.order.push(t.index);
  }

  threadDone(t: Thread, args: readonly unknown[]): void {
    if (this.settled) return;
    this.record(t);
    const value = args[0];
    if (this.mode === 'race' || this.mode === 'any') {
      adoptContinuations(this.f.thread, t);
      return this.succeed(value);
    }
    this.results[t.index] = this.mode === 'allSettled' ? { status: 'fulfilled', value } : value;
    if (this.allFinished) this.finishAll();
    else this.fill();
  }

  threadFailed(t: Thread, error: Unwind): void {
    if (this.settled) return;
    const mode = this.mode;
    if (error instanceof FlowError && (mode === 'any' || mode === 'allSettled')) {
      this.record(t);
      if (mode === 'allSettled') this.results[t.index] = { status: 'rejected', error };
      else (this.errors ??= [])[t.index] = error;
      if (!this.allFinished) return this.fill();
      if (mode === 'allSettled') return this.finishAll();
      return this.fail(flowFailure(Errors.AllFailed, 'every branch failed', { data: (this.errors ?? []).slice() }));
    }
    this.threads[t.index] = null;
    this.running--;
    adoptContinuations(this.f.thread, t);
    this.fail(error);
  }

  /** Every branch finished (all, allSettled, map): the continuation values merge, the output goes on. */
  private finishAll(): void {
    mergeContinuations(this.f.thread, this.finals, this.order);
    this.succeed(this.shape());
  }

  private shape(): unknown {
    return this.keys === undefined ? this.results : keyedResults(this.keys, this.results);
  }

  private succeed(value: unknown): void {
    const args = this.ftn12 ? EMPTY : [value];
    this.settleWith((f) => (this.entering ? settleDone(f, args) : resumeDone(f, args)));
  }

  private fail(error: Unwind): void {
    this.settleWith((f) => (this.entering ? settleFail(f, error) : resumeFail(f, error)));
  }

  /**
   * Stops the join, then settles the frame with `settle`: at once, or, when stopping started async work (cancelled
   * branches' cleanups, an async source's `return()`), once that settled, from outside the driver. (Also how the
   * frame fails from outside: FTN12 `root.error()` while it waits.)
   */
  settleWith(settle: (f: Frame) => void): void {
    const pending = this.stop();
    const f = this.f;
    if (pending === null) {
      if (isWaiting(f)) settle(f);
      return;
    }
    const go = (): void => {
      if (isWaiting(f)) settle(f);
    };
    pending.then(go, (e: unknown) => {
      reportStray(e);
      go();
    });
  }

  /**
   * Settles the join: cancels the running branches (innermost first, their
   * cancel handlers run now) and closes the source; gives what to wait for:
   * the async cleanups of the cancelled branches and the source's close.
   */
  stop(): Promise<unknown> | null {
    this.settled = true;
    const threads = this.threads;
    for (let i = 0; i < threads.length; i++) {
      const t = threads[i];
      if (t != null) {
        threads[i] = null;
        cancelThread(t);
      }
    }
    const cleanups = this.f.thread.run.cleanupsInside(this.f);
    this.running = 0;
    if (this.exhausted || this.source === null) return cleanups;
    this.exhausted = true;
    const closing = this.source.close();
    return cleanups === null ? closing : Promise.all([closing, cleanups]);
  }
}
