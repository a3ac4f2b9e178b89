/**
 * `map`: a parallel block over the items of an Iterable or AsyncIterable,
 * at most `concurrency` at a time. Items are pulled only when a slot is
 * free (backpressure); on error or cancel the source is closed, and an
 * async source's `return()` is awaited before the outcome moves on.
 */
import type { MapNode } from '../../graph/nodes/map-node.js';
import { isHandlerBody } from '../../graph/nodes/step-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { adoptContinuations, mergeContinuations } from '../context-vars.js';
import { Errors, FlowError, reportStray, type Unwind } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import { isWaiting, raise, resumeDone, resumeFail, suspend } from '../interpreter/moves.js';
import { startBranch } from '../interpreter/start.js';
import { cancelThread } from '../interpreter/cancel.js';
import type { Thread, ThreadOwner } from '../interpreter/thread.js';
import { thrownUnwind } from './call-handler.js';

class MapJoin implements ThreadOwner {
  readonly running = new Set<Thread>();
  readonly results: unknown[] = [];
  readonly finals: (Map<object, unknown> | null)[] = [];
  readonly order: number[] = [];
  count = 0;
  exhausted = false;
  pulling = false;
  settled = false;
  readonly limit: number;

  constructor(
    readonly f: Frame,
    readonly node: MapNode,
    readonly iterator: Iterator<unknown> | null,
    readonly asyncIterator: AsyncIterator<unknown> | null,
  ) {
    this.limit = node.concurrency ?? Infinity;
  }

  start(item: unknown): void {
    const index = this.count++;
    const args = isHandlerBody(this.node.body) ? [item, index] : [item];
    this.running.add(startBranch(this.f, this.node.body, args, this, index));
  }

  pull(): void {
    while (!this.settled && !this.exhausted && this.running.size < this.limit) {
      if (this.iterator !== null) {
        let r: IteratorResult<unknown>;
        try {
          r = this.iterator.next();
        } catch (e) {
          this.exhausted = true;
          return this.fail(thrownUnwind(this.f, e));
        }
        if (r.done === true) this.exhausted = true;
        else this.start(r.value);
      } else {
        if (this.pulling) return;
        this.pulling = true;
        this.asyncIterator!.next().then(
          (r) => {
            this.pulling = false;
            if (this.settled) return;
            if (r.done === true) this.exhausted = true;
            else this.start(r.value);
            this.pull();
          },
          (e: unknown) => {
            this.pulling = false;
            this.exhausted = true;
            if (!this.settled) this.fail(thrownUnwind(this.f, e));
          },
        );
        return;
      }
    }
    if (this.exhausted && this.running.size === 0 && !this.settled) {
      this.settled = true;
      mergeContinuations(this.f.thread, this.finals, this.order);
      if (isWaiting(this.f)) resumeDone(this.f, [this.results]);
    }
  }

  threadDone(t: Thread, args: readonly unknown[]): void {
    this.running.delete(t);
    this.results[t.index] = args[0];
    this.finals[t.index] = t.cvars;
    this.order.push(t.index);
    this.pull();
  }

  threadFailed(t: Thread, error: Unwind): void {
    this.running.delete(t);
    if (this.settled) return;
    adoptContinuations(this.f.thread, t);
    this.fail(error);
  }

  /** Cancels the running items and closes the source; returns what to wait for. */
  stop(): Promise<unknown> | null {
    this.settled = true;
    for (const t of this.running) cancelThread(t);
    this.running.clear();
    const it = this.iterator ?? this.asyncIterator;
    if (this.exhausted || it === null || typeof it.return !== 'function') return null;
    this.exhausted = true;
    try {
      const r: any = it.return();
      return r !== null && typeof r === 'object' && typeof r.then === 'function' ? Promise.resolve(r) : null;
    } catch (e) {
      reportStray(e);
      return null;
    }
  }

  fail(error: Unwind): void {
    const closing = this.stop();
    const f = this.f;
    if (closing === null) {
      if (isWaiting(f)) resumeFail(f, error);
      return;
    }
    closing.then(
      () => isWaiting(f) && resumeFail(f, error),
      (e: unknown) => {
        reportStray(e);
        if (isWaiting(f)) resumeFail(f, error);
      },
    );
  }
}

export const mapBehaviour: Behaviour<MapNode> = {
  enter(f, node) {
    let source: any;
    try {
      source = node.select(f.args[0]);
    } catch (e) {
      return raise(f, thrownUnwind(f, e));
    }
    let join: MapJoin;
    if (source !== null && typeof source === 'object' && typeof source[Symbol.iterator] === 'function') {
      join = new MapJoin(f, node, source[Symbol.iterator](), null);
    } else if (source !== null && typeof source === 'object' && typeof source[Symbol.asyncIterator] === 'function') {
      join = new MapJoin(f, node, null, source[Symbol.asyncIterator]());
    } else {
      return raise(f, new FlowError(Errors.InternalError, `map: select() must return an Iterable or AsyncIterable, got ${source === null ? 'null' : typeof source}`));
    }
    f.data = join;
    suspend(f);
    join.pull();
  },
  cancel(f) {
    const join = f.data as MapJoin | undefined;
    const closing = join?.stop();
    if (closing != null) f.thread.run.track(closing.then(undefined, reportStray));
  },
};
