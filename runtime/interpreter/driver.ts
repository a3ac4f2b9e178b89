/**
 * The driver: runs threads as explicit state machines. Each loop turn looks
 * at a thread's signal and its top frame and calls the node kind's
 * behaviour; behaviours set the next signal. Nothing recurses on the JS
 * stack per step, per iteration or per nesting level, plain synchronous
 * steps run back to back in a chain (`chain.ts`), and a burst budget yields
 * to the event loop now and then.
 */
import { finishFrame, releaseFrame } from './cancel.js';
import { behaviourOf, childDone, enterNode } from './dispatch.js';
import { FlowError, type Unwind } from '../errors.js';
import { NO_STEPS } from '../../errors/flow-error.js';
import type { Frame } from './frame.js';
import { stepNames } from './names.js';
import { ReadyQueue } from './ready-queue.js';
import { BURST, burst } from './budget.js';
import { chains, isPlainStep, runBranchStep, runSteps } from './chain.js';
import { nextChild, propagate } from './moves.js';
import { Signal, type Thread } from './thread.js';
import { microtask, realScheduler, type Scheduler } from '../scheduler.js';

/** The longest the interpreter keeps the event loop from a macrotask turn, in ms of real time. */
const SLICE_MS = 4;

// The burst budget (budget.ts) counts every step entered, whether the
// thread was resumed by a timer, a callback or a promise; once it runs out
// and SLICE_MS passed since the last macrotask turn, the interpreter yields
// one through the scheduler. So a chain of resumes from promises (each a
// microtask) cannot starve timers and I/O either, and short bursts never
// pay for a yield.
/** Real time of the last macrotask turn the interpreter took (0: none yet). */
let turnAt = 0;

const realNow: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** The budget ran out: true when a macrotask turn is due; otherwise a new budget for this slice. */
function turnDue(): boolean {
  const now = realNow();
  if (now - turnAt >= SLICE_MS) return true;
  burst.left = BURST;
  return false;
}

/**
 * The ready threads of the runs on one scheduler, drained by a task queued
 * with that scheduler: every resume goes through the run's own scheduler,
 * and a scheduler that holds its tasks back (virtual time) never holds up
 * the runs on another.
 */
class Pump {
  readonly ready = new ReadyQueue<Thread>();
  /** A task that drains this pump is queued with its scheduler. */
  queued = false;
  /** The drain loop (or a synchronous start) is on the stack. */
  draining = false;

  constructor(readonly scheduler: Scheduler) {}

  /** Queued for a resume. */
  readonly task = (): void => {
    this.queued = false;
    this.drain();
  };

  /** Queued for a yield: the event loop had a turn, so the budget is new. */
  readonly turn = (): void => {
    this.queued = false;
    burst.left = BURST;
    turnAt = realNow();
    this.drain();
  };

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      const ready = this.ready;
      while (ready.length > 0) {
        if (burst.left <= 0 && turnDue()) {
          this.queued = true;
          this.scheduler.yieldTurn(this.turn);
          return;
        }
        const thread = ready.shift()!;
        thread.queued = false;
        drive(thread);
      }
    } finally {
      this.draining = false;
    }
  }
}

const pumps = new WeakMap<Scheduler, Pump>();
let lastScheduler: Scheduler | null = null;
let lastPump: Pump | null = null;

function pumpOf(scheduler: Scheduler): Pump {
  if (scheduler === lastScheduler) return lastPump!;
  let p = pumps.get(scheduler);
  if (p === undefined) {
    p = new Pump(scheduler);
    pumps.set(scheduler, p);
  }
  lastScheduler = scheduler;
  lastPump = p;
  return p;
}

/**
 * How many threads wait in the ready queue of a scheduler's runs. A durable
 * run's scheduler holds their drain back until a checkpoint is committed,
 * and asks again after: a larger count means threads resumed meanwhile.
 */
export function readyCount(scheduler: Scheduler): number {
  return pumps.get(scheduler)?.ready.length ?? 0;
}

/** Queues a thread to be driven on a later turn (or later in this drain), through its run's scheduler. */
export function schedule(thread: Thread): void {
  if (thread.queued || thread.ended) return;
  thread.queued = true;
  const p = pumpOf(thread.run.scheduler);
  p.ready.push(thread);
  if (!p.draining && !p.queued) {
    p.queued = true;
    const scheduler = p.scheduler;
    // Real time resumes on a microtask: called directly, it is the hot path of every resume.
    if (scheduler === realScheduler) microtask(p.task);
    else if (scheduler.resume !== undefined) scheduler.resume(p.task);
    else scheduler.yieldTurn(p.task);
  }
}

/**
 * Drives a thread right now (FTN12: the first step runs inside execute()).
 * A start gets a full burst of its own, so its first step runs however low
 * the budget is; the steps it took are charged to the budget.
 */
export function runNow(thread: Thread): void {
  const p = pumpOf(thread.run.scheduler);
  const outer = p.draining;
  const before = burst.left;
  p.draining = true;
  burst.left = BURST;
  try {
    drive(thread);
  } finally {
    p.draining = outer;
    burst.left = Math.max(0, before - (BURST - burst.left));
  }
  if (!outer) p.drain();
}

/**
 * Runs `go(f, outcome, extra)` for a native promise's reaction, which resumes `f`.
 * A reaction runs from the microtask queue on an empty stack, so when no
 * driver turn of the (real-time) scheduler of `f`'s run is on the stack,
 * the threads `go` resumes are driven right here, when it returns, instead
 * of one more microtask later: an `await` in a step costs one tick, as it
 * does in an async function. Anything else only queues them, as ever.
 */
export function inReaction<T, A>(f: Frame, outcome: T, extra: A, go: (f: Frame, outcome: T, extra: A) => void): void {
  const p = pumpOf(f.thread.run.scheduler);
  if (p.draining || p.scheduler !== realScheduler) return go(f, outcome, extra);
  // While `draining` is set, schedule() only queues: the threads wait for the drain below.
  p.draining = true;
  try {
    go(f, outcome, extra);
  } finally {
    p.draining = false;
  }
  p.drain();
}

/** Branch threads being driven inside the driver turn that started them, one inside the other. */
let nested = 0;
/** Deeper than this, a new branch is queued instead: nesting never grows the stack without bound. */
const MAX_NESTED = 16;

/**
 * Starts a new thread that is not a run's root (a parallel branch, a map
 * item). Inside a driver turn it is driven at once, on the stack of the
 * step that started it, so a branch that completes synchronously costs no
 * trip through the ready queue; outside the driver, nested too deep, or in
 * a durable run (whose checkpoints see every branch through its scheduler),
 * it is queued. Either way it runs before its starter goes on (FTN12.md #9).
 */
export function startThread(t: Thread): void {
  if (nested >= MAX_NESTED || t.run.hooks.durable === true || !pumpOf(t.run.scheduler).draining) return schedule(t);
  nested++;
  try {
    // A plain step as the branch: it runs at once, and the driver takes over only if it does more than complete.
    const base = t.base!;
    if (burst.left > 0 && isPlainStep(base.node) && chains(t.run) && runBranchStep(t, base)) return;
    drive(t);
  } finally {
    nested--;
  }
}

/**
 * Runs the thread until it waits, ends, or the budget is spent. The budget
 * is the shared counter itself, so a branch driven inside this turn is
 * charged to it too.
 */
function drive(t: Thread): void {
  const events = t.run.events;
  while (!t.ended) {
    const f = t.top!;
    switch (t.signal) {
      case Signal.Enter:
        if (--burst.left < 0) {
          burst.left = 0;
          schedule(t);
          return;
        }
        if (events !== null) events(f, 'start');
        enterNode(f);
        break;
      case Signal.Next:
        if (f.node.kind === 'sequence' || f.node.kind === 'step') runSteps(f, t.args);
        else nextChild(f, t.args);
        break;
      case Signal.Done:
        if (events !== null) events(f, 'success');
        finishFrame(f);
        if (f === t.base) {
          endThread(t);
          t.owner.threadDone(t, t.args);
          return;
        }
        t.top = f.parent;
        childDone(f.parent!, t.args);
        break;
      case Signal.Fail:
        failAt(f, t.error!);
        break;
      default:
        return;
    }
  }
}

function failAt(f: Frame, error: Unwind): void {
  // Once per error, where it starts unwinding (an error without named steps gets a new [] and is not re-walked).
  if (error instanceof FlowError && error.steps === NO_STEPS) error.steps = stepNames(f);
  releaseFrame(f, error);
  // Its cancel handler cancelled the run (FTN12 root.cancel()): no error handler runs any more.
  if (f.thread.ended) return;
  const b = behaviourOf(f.node);
  if (b.unwind) b.unwind(f, f.node, error);
  else propagate(f, error);
}

/** Marks a thread ended (it has no top frame any more). */
export function endThread(t: Thread): void {
  t.ended = true;
  t.top = null;
}
