/**
 * A durable run's state and its changes since the last checkpoint, by step.
 *
 * `as.update` changes the state at once, through immer, which records the
 * change as patches; a checkpoint stores the state as it is and the
 * patches in the order they were made, so the history replays to it.
 *
 * A handler still running when a checkpoint is taken (a step waiting for
 * its promise, an error handler, a `finally`) runs again on resume, and the
 * stored state already holds the changes it made before the checkpoint
 * (an `as.update(d => { d.n++ })` before its first await; a parallel
 * sibling may have built on it since). So the cursor notes how many it
 * made, and on resume that many of its first `as.update` calls are not
 * applied again: their recipes run on a draft that is dropped.
 */
import { Immer, enablePatches, freeze } from 'immer';
import { Phase, type Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import { isThenable } from '../interpreter/user-code.js';
import type { Json } from './cursor.js';
import type { StateChange } from './durable-types.js';
import { checkJson } from './plain-json.js';

enablePatches();
const immer = new Immer({ autoFreeze: true });

/** The updates a frame's running handler made; `armed`: was the frame's error handler still armed (its own handler made them)? */
const made = new WeakMap<Frame, { readonly armed: boolean; n: number }>();
/** Frames rebuilt on resume whose handler runs again: updates of it still to skip. */
const skipping = new WeakMap<Frame, number>();

/**
 * How many state updates the handler running at `f` made (for the cursor),
 * 0 when none runs: it waits (for its promise, or a callback step for its
 * `as.success`) and it is the same handler — a step's error handler runs
 * only once its own handler ended, and disarms itself first.
 */
export function updatesMade(f: Frame): number {
  const m = made.get(f);
  return m !== undefined && f.phase === Phase.Waiting && m.armed === (f.onError !== undefined) ? m.n : 0;
}

/** `f` was rebuilt from a cursor that says its handler had made `n` updates: their repeats are skipped. */
export function skipUpdates(f: Frame, n: number): void {
  if (n > 0) skipping.set(f, n);
}

/** What a checkpoint stores of the state. */
export interface StateCheckpoint {
  readonly state: Json;
  readonly changes: readonly StateChange[];
}

export class StateLog {
  private live: Record<string, any>;
  private changes: StateChange[] = [];

  constructor(initial: unknown) {
    this.live = freeze(structuredClone(initial ?? {}) as Record<string, any>, true);
  }

  /** The state every step sees. */
  get state(): Record<string, any> {
    return this.live;
  }

  /** Are there changes no checkpoint stored yet? */
  get changed(): boolean {
    return this.changes.length > 0;
  }

  /** Applies `as.update(recipe)` made by `frame`'s handler (or, when that handler runs again on resume, only runs the recipe). */
  update(frame: Frame, recipe: (draft: any) => void): void {
    const armed = frame.onError !== undefined;
    const m = made.get(frame);
    if (m === undefined || m.armed !== armed) made.set(frame, { armed, n: 1 });
    else m.n++;
    const skip = skipping.get(frame);
    if (skip !== undefined) {
      if (skip > 1) skipping.set(frame, skip - 1);
      else skipping.delete(frame);
      // Its change is in the state already: the recipe runs on a draft that is dropped, and what it throws on a
      // state it already changed (a check it passed the first time) is not this run's outcome.
      try {
        immer.produce(this.live, (draft: any) => void recipe(draft));
      } catch {
        // dropped with the draft
      }
      return;
    }
    const [next, patches] = immer.produceWithPatches(this.live, (draft: any) => {
      if (isThenable(recipe(draft))) throw new TypeError('as.update(): the recipe must change the draft synchronously (it returned a promise)');
    });
    if (patches.length === 0) return;
    checkJson(next, `${labelOf(frame)}: the run state after as.update()`);
    this.live = next as Record<string, any>;
    this.changes.push({ step: labelOf(frame), patches });
  }

  /** The state for a checkpoint and the changes since the last one (forgotten here). */
  take(): StateCheckpoint {
    const changes = this.changes;
    this.changes = [];
    return { state: this.live as Json, changes };
  }
}
