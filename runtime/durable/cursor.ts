/**
 * A durable run's cursor: where every thread of the run is, as JSON. It is
 * the run's continuation — the frames from each thread's base to its top
 * (which child of the frame below, the input it was entered with, the
 * kind's own state), the move the thread makes next, and the branches
 * below each parallel or map frame — so a run resumes where it was with
 * nothing replayed. Its size follows the nesting depth and the width of
 * running parallel blocks, never the number of steps or iterations run.
 */
import { Errors, FlowError } from '../../errors/flow-error.js';

/** A JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** What a thread does next. */
export type SavedMove =
  /** Enter its top frame's node. */
  | 'enter'
  /** Start its top frame's next sub-step (with `x` as input). */
  | 'next'
  /** Its top frame completed with `x`. */
  | 'done'
  /** `e` unwinds at its top frame. */
  | 'fail'
  /** Its top frame waits (the kind's state says for what). */
  | 'wait';

/** An error or loop signal on its way up. */
export type SavedUnwind =
  | { readonly code: string; readonly message: string; readonly info?: Json; readonly data?: Json; readonly steps?: readonly string[]; readonly cause?: SavedCause }
  | { readonly loop: 'break' | 'continue'; readonly label?: string };

/** The cause of a saved error: an Error as its name, message and stack (a FlowError as a saved error), or a JSON value. */
export type SavedCause =
  | { readonly error: { readonly name: string; readonly message: string; readonly stack?: string; readonly code?: string | number; readonly cause?: SavedCause } }
  | { readonly flow: SavedUnwind }
  | { readonly value: Json };

/** One frame: which child of the frame below it is (absent for a thread's base), its input and its state. */
export interface SavedFrame {
  readonly c?: number;
  readonly a: readonly Json[];
  readonly d?: Json;
  /** State updates its running handler made (it runs again on resume, and does not apply them again). */
  readonly u?: number;
}

/** One thread: its place in its join, its continuation variables, its frames (base first) and its next move. */
export interface SavedThread {
  readonly i: number;
  readonly v?: { readonly [name: string]: Json };
  readonly f: readonly SavedFrame[];
  readonly s: SavedMove;
  readonly x?: readonly Json[];
  readonly e?: SavedUnwind;
}

/** A run's cursor: its root thread (branches hang below their parallel and map frames). */
export interface Cursor {
  readonly v: 1;
  readonly root: SavedThread;
}

/**
 * A durable run holds something a checkpoint cannot keep: a FlowError with
 * code `InvalidRequest` and the reason as its info (thrown by `start` and
 * `signal`; inside a run it fails the run with that reason).
 */
export class DurableRefusal extends FlowError {
  constructor(reason: string) {
    super(Errors.InvalidRequest, reason);
  }

  override get name(): string {
    return 'DurableRefusal';
  }
}
