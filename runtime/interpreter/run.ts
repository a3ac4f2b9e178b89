/**
 * A run is one execution of a graph: per-run settings (scheduler, handler
 * style, the frame class), shared per-run state, and its root thread. What
 * the run means to the outside — settling a promise, FTN12 state variables,
 * new roots — comes through its {@link RunHooks}, so the interpreter knows
 * neither front end.
 */
import type { StepStyle } from '../../graph/nodes/handler.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import type { FlowEvent } from '../../typings/events.js';
import type { Unwind } from '../errors.js';
import type { Scheduler } from '../scheduler.js';
import type { DebugOptions } from '../debug.js';
import type { Frame, FrameClass } from './frame.js';
import type { Thread, ThreadOwner } from './thread.js';

/** The FTN12 state variables the interpreter writes. */
export type FTN12Note = 'error_info' | 'last_exception';

/**
 * Receives the events of a run's frames (start/success/error/cancel/retry/ignored, and debug reports;
 * `extra` is a `slow` report's blocked ms). `cleanupError`: a cleanup (a finally handler, a resource's
 * release) threw while the frame was cancelled (`extra`: the scheduler time it was called).
 */
export type EventSink = (frame: Frame, type: FlowEvent['type'] | 'cleanupError', error?: unknown, extra?: number) => void;

/** What a run tells, and asks, the front end that started it. */
export interface RunHooks {
  /** The root thread completed with `value`. */
  done(value: unknown): void;
  /** The root thread failed with `error` (a cancel through `cancelRun` is not reported). */
  failed(error: Unwind): void;
  /** The run's state object (`as.state`), asked for on first use. */
  makeState(): any;
  /** Sets an FTN12 state variable (`error_info`, `last_exception`); typed runs have none. */
  setVariable?(key: FTN12Note, value: unknown): void;
  /** A new FTN12 root on the same scheduler (`as.newInstance()`); typed runs have none. */
  newInstance?(): unknown;
  /** Where `waitFor` gets signals (durable runs); runs without one cannot wait for signals. */
  readonly signals?: SignalBox;
  /** Applies `as.update(recipe)` (durable runs record it as patches); without it, the recipe gets the state itself. */
  updateState?(frame: Frame, recipe: (draft: any) => void): void;
  /** The run's id, the first part of every `as.key()` (durable runs: the stored id). */
  runId?(): string;
  /** A durable run: steps cannot add steps at run time (`as.run`, FTN12 `as.add`). */
  readonly durable?: boolean;
}

/** The signals sent to a run: buffered until a `waitFor` takes them. */
export interface SignalBox {
  /** Takes a buffered signal of that name, if there is one. */
  take(name: string): { readonly value: unknown } | undefined;
  /** A frame waits for a signal of that name: deliver it with `resumeDone(frame, [value])` when one comes. */
  wait(frame: Frame, name: string): void;
  /** The frame no longer waits (it timed out, failed or was cancelled). */
  unwait(frame: Frame): void;
}

/**
 * What few runs need, kept aside and made on first use: async cleanups and
 * the run's own id. (Its event sink and debug options stay fields: every
 * chained step reads them.)
 */
class RunExtras {
  cleanups: Map<Promise<unknown>, Frame> | null = null;
  ownId: string | null = null;
}

/**
 * Per-run settings and shared state; the owner of the run's root thread. A
 * run is its own {@link RunHooks}; what is the same for every run of a kind
 * (its handler style, its frame class) comes from the subclass's prototype,
 * not from a field of each run.
 */
export abstract class Run implements ThreadOwner {
  declare readonly scheduler: Scheduler;
  /** The root thread while it runs. */
  declare thread: Thread | null;
  /** Set once a context scope was entered: handlers then run inside the async-context store. */
  declare contextual: boolean;
  /** Receives run events, or null. */
  declare events: EventSink | null;
  /** Debug mode's options, or null when it is off. */
  declare debug: DebugOptions | null;
  /** The state object once asked for (a run that has it from the start sets it in its constructor). */
  declare protected stateValue: any;
  /** The graph the run started at (its node ids name the steps of `as.key()`). */
  declare graph: GraphNode | null;
  /** The rarely set fields, or null while none was. */
  declare private extras: RunExtras | null;

  constructor(scheduler: Scheduler) {
    this.scheduler = scheduler;
    this.thread = null;
    this.contextual = false;
    this.events = null;
    this.debug = null;
    this.stateValue = undefined;
    this.graph = null;
    this.extras = null;
  }

  private more(): RunExtras {
    return (this.extras ??= new RunExtras());
  }

  /** Async cleanups still running, by the frame whose cleanup each is; the run settles after them (null while there were none). */
  get cleanups(): Map<Promise<unknown>, Frame> | null {
    const x = this.extras;
    return x === null ? null : x.cleanups;
  }

  /** How the run's handlers are called and what their completion means. */
  abstract get style(): StepStyle;

  /** The class of this run's frames (the step API's). */
  abstract get frames(): FrameClass;

  /** What the run tells, and asks, its front end: the subclass's own members. */
  get hooks(): RunHooks {
    return this as unknown as RunHooks;
  }

  /** The run's state object, created on first use. */
  get state(): any {
    if (this.stateValue === undefined) this.stateValue = this.hooks.makeState();
    return this.stateValue;
  }

  /** The run's id: its hooks', or one made for it on first use. */
  get id(): string {
    if (this.hooks.runId !== undefined) return this.hooks.runId();
    return (this.more().ownId ??= `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  }

  /** Forgets the state object so the next read asks the hooks again (after a durable update replaced it). */
  stateChanged(): void {
    this.stateValue = undefined;
  }

  /** FTN12 runs: sets `error_info` or `last_exception` (kept aside until the state is first used). */
  note(key: FTN12Note, value: unknown): void {
    this.hooks.setVariable?.(key, value);
  }

  /** FTN12 runs: notes an error and its `error_info`, as `as.error` does. */
  noteError(info: unknown, exception: unknown): void {
    const hooks = this.hooks;
    if (hooks.setVariable === undefined) return;
    hooks.setVariable('error_info', info);
    hooks.setVariable('last_exception', exception);
  }

  /** Keeps track of an async cleanup of `frame` (a `finally`, a resource's release) until it settles. */
  track(promise: Promise<unknown>, frame: Frame): void {
    const x = this.more();
    const cleanups = (x.cleanups ??= new Map());
    cleanups.set(promise, frame);
    const untrack = (): void => {
      cleanups.delete(promise);
    };
    void promise.then(untrack, untrack);
  }

  /**
   * The async cleanups still running in frames inside `f` (its descendants,
   * branches included, not `f` itself), settled once all of them are; null
   * when none is running. Cleanups of a scope wait for these, so nested
   * cleanups run innermost first even when they are async.
   */
  cleanupsInside(f: Frame): Promise<unknown> | null {
    const cleanups = this.cleanups;
    if (cleanups === null || cleanups.size === 0) return null;
    let inside: Promise<unknown>[] | null = null;
    for (const [promise, owner] of cleanups) if (isInside(owner, f)) (inside ??= []).push(promise);
    return inside === null ? null : Promise.allSettled(inside);
  }

  threadDone(t: Thread, args: readonly unknown[]): void {
    if (this.thread !== t) return;
    this.thread = null;
    this.hooks.done(args[0]);
  }

  threadFailed(t: Thread, error: Unwind): void {
    if (this.thread !== t) return;
    this.thread = null;
    this.hooks.failed(error);
  }
}

/** Is `g` a descendant of `f`? (A branch's base frame has the join's frame as its parent.) */
function isInside(g: Frame, f: Frame): boolean {
  for (let x = g.parent; x !== null; x = x.parent) if (x === f) return true;
  return false;
}
