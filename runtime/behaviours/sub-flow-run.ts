/**
 * What `as.run(flow, input)` returns: the run node added to the step's
 * sub-steps, and a promise-like of the flow's output.
 * - Returned by the handler, it runs as the step's sub-steps and its output
 *   is the step's (no promise is ever made).
 * - Awaited while the handler waits (`const r = await as.run(sub, v)`), it
 *   leaves the queue and runs at once as a child of the waiting step; the
 *   await gives its output, or throws its FlowError, and the step goes on
 *   waiting for its handler. Several awaited runs of one step run one after
 *   the other, in the order they were awaited.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { RunNode } from '../../graph/nodes/run-node.js';
import { settleablePromise, type Settlers } from '../deferred.js';
import { EMPTY, Phase, type Frame } from '../interpreter/frame.js';
import { isWaiting, resumeEnter } from '../interpreter/moves.js';
import { misuse } from '../step-api/checks.js';

/** In the step's queue, not started. */
const QUEUED = 0;
const RUNNING = 1;
const FULFILLED = 2;
const REJECTED = 3;
/** Returned by its handler and run in place as the step's sub-steps: its outcome is the step's. */
const FORWARDED = 4;

/** How the run is used, besides running in queue order. */
const PLAIN = 0;
/** `then` was called while the step's handler was still on the stack. */
const WANTED = 1;
/** Started by an await, as a child of the waiting step. */
const AWAITED = 2;

/** The awaited runs of one waiting step (its frame's data). */
export interface AwaitedRuns {
  /** The awaited run now running above the step. */
  current: SubFlowRun | null;
  /** Awaited runs that start when `current` ends. */
  readonly pending: SubFlowRun[];
  /** The handler's promise settled while a run was going: what to do once none is left. */
  then: (() => void) | null;
}

/** The promise of a run someone called `then` on. */
interface Pending extends Settlers {
  readonly promise: Promise<unknown>;
}

/** One `as.run(flow, input)` call: a run node and a promise-like of its output. */
export class SubFlowRun implements RunNode, PromiseLike<unknown> {
  declare readonly kind: 'run';
  declare readonly body: GraphNode;
  declare readonly input: unknown;
  /** The step whose handler called `as.run`. */
  declare readonly frame: Frame;
  declare status: number;
  declare mode: number;
  declare outcome: unknown;
  /** Made on the first `then` only. */
  declare pending: Pending | null;

  constructor(frame: Frame, body: GraphNode, input: unknown) {
    this.kind = 'run';
    this.body = body;
    this.input = input;
    this.frame = frame;
    this.status = QUEUED;
    this.mode = PLAIN;
    this.outcome = undefined;
    this.pending = null;
  }

  /** Started by an await (its outcome goes back to the awaiting step, not through it). */
  get awaited(): boolean {
    return this.mode === AWAITED;
  }

  then<TResult1 = unknown, TResult2 = never>(
    onfulfilled?: ((value: unknown) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    let p = this.pending;
    if (p === null) {
      const settlers: Settlers = { resolve: noop, reject: noop };
      p = this.pending = { promise: settleablePromise(settlers), resolve: settlers.resolve, reject: settlers.reject };
      if (this.status === FULFILLED) p.resolve(this.outcome);
      else if (this.status === REJECTED) p.reject(this.outcome);
      else if (this.status === FORWARDED) p.reject(misuse('as.run(): this flow ran as the output of the step that returned it; read the step’s output instead'));
    }
    if (this.status === QUEUED) claim(this);
    return p.promise.then(onfulfilled, onrejected);
  }

  /** The flow started (as a queued sub-step or awaited). */
  started(): void {
    this.status = RUNNING;
  }

  /** The flow ended: settles the promise, if anyone asked for it. */
  settle(ok: boolean, value: unknown): void {
    if (this.status !== QUEUED && this.status !== RUNNING) return;
    this.status = ok ? FULFILLED : REJECTED;
    this.outcome = value;
    const p = this.pending;
    if (p !== null) (ok ? p.resolve : p.reject)(value);
  }

  /** Is this the run a handler returned, to be run as the step's last sub-step? */
  isTail(f: Frame): boolean {
    const q = f.queue;
    return this.frame === f && this.status === QUEUED && q !== null && q[q.length - 1] === this;
  }

  /**
   * The handler returned this run (a tail): the input of the step's first
   * sub-step. When the run is the step's only sub-step and nobody asked for
   * its promise, its flow takes its place (as if the step had added the flow
   * itself), which costs no frame of its own.
   */
  forward(f: Frame): readonly unknown[] {
    const q = f.queue as GraphNode[];
    if (this.pending !== null || q.length !== 1 || f.qi !== 0) return f.nextArgs;
    this.status = FORWARDED;
    q[0] = this.body;
    return [this.input];
  }
}

function noop(): void {}

/** Removes a queued run from its step's sub-steps; false when it is not there (any more). */
function takeQueued(f: Frame, run: SubFlowRun): boolean {
  const q = f.queue as GraphNode[] | null;
  if (q === null) return false;
  const i = q.indexOf(run, f.qi);
  if (i < 0) return false;
  q.splice(i, 1);
  if (f.qi >= q.length) f.queue = null;
  return true;
}

/**
 * `then` on a queued run: while the step waits for its handler's promise,
 * the run leaves the queue and starts (or waits for the awaited run before
 * it); while the handler is still on the stack, it is started once the
 * handler returns a promise (see {@link startWanted}); otherwise it runs in
 * queue order and settles its promise when it ends.
 */
function claim(run: SubFlowRun): void {
  const f = run.frame;
  if (f.phase === Phase.Done) {
    run.settle(false, misuse('as.run(): the step that called it finished before the flow could run'));
    return;
  }
  const runs = f.data as AwaitedRuns | undefined;
  const busy = runs !== undefined && runs.current !== null;
  if (f.phase === Phase.Handler || f.phase === Phase.ErrorHandler || !(busy || isWaiting(f)) || !takeQueued(f, run)) {
    run.mode = WANTED;
    // The step keeps its awaited runs from now on: when its handler returns, this is the sign one was asked for.
    f.data ??= { current: null, pending: [], then: null } satisfies AwaitedRuns;
    return;
  }
  run.mode = AWAITED;
  if (busy) runs.pending.push(run);
  else startAwaited(f, run);
}

function startAwaited(f: Frame, run: SubFlowRun): void {
  const runs = (f.data ??= { current: null, pending: [], then: null }) as AwaitedRuns;
  runs.current = run;
  resumeEnter(f, run, EMPTY);
}

/** A handler returned a promise: the runs it awaited synchronously (`then` on the stack) start now, in order. */
export function startWanted(f: Frame): void {
  const q = f.queue;
  if (q === null) return;
  for (let i = f.qi; i < q.length; i++) {
    const node = q[i];
    if (node instanceof SubFlowRun && node.mode === WANTED && node.status === QUEUED) {
      claim(node);
      if (f.queue !== q) return;
      if (q[i] !== node) i--;
    }
  }
}
