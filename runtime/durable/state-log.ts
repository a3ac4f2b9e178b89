/**
 * A durable run's state and its changes since the last checkpoint, by step.
 *
 * `as.update` changes the live state at once (every step sees it), through
 * immer, which records the change as patches. A checkpoint stores what the
 * completed steps changed and leaves out what steps still running changed:
 * a running step runs again on resume, from its start, and would otherwise
 * apply its changes twice (an `as.update(d => { d.n++ })` before its first
 * await). Their patches stay here until their handler ends.
 */
import { Immer, enablePatches, freeze, type Patch } from 'immer';
import { Phase, type Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import { isThenable } from '../interpreter/user-code.js';
import type { Json } from './cursor.js';
import type { StateChange } from './durable-types.js';
import { checkJson } from './plain-json.js';

enablePatches();
const immer = new Immer({ autoFreeze: true });

interface Change extends StateChange {
  /** The frame whose handler made it. */
  readonly frame: Frame;
  /** Was the frame's error handler still armed (a step's own handler made it, not its error handler)? */
  readonly armed: boolean;
  readonly inverse: readonly Patch[];
}

/**
 * Is the handler that made `c` still running? Its frame waits (for the
 * handler's promise, or a callback step for its `as.success`), and it is
 * the same handler: a step's error handler runs only once its own handler
 * ended, and disarms itself first.
 */
function running(c: Change): boolean {
  const f = c.frame;
  return f.phase === Phase.Waiting && (f.onError !== undefined) === c.armed;
}

/** What a checkpoint stores of the state. */
export interface StateCheckpoint {
  readonly state: Json;
  readonly changes: readonly StateChange[];
}

export class StateLog {
  private live: Record<string, any>;
  private changes: Change[] = [];

  constructor(initial: unknown) {
    this.live = freeze(structuredClone(initial ?? {}) as Record<string, any>, true);
  }

  /** The state every step sees. */
  get state(): Record<string, any> {
    return this.live;
  }

  /** Applies `as.update(recipe)` made by `frame`'s handler. */
  update(frame: Frame, recipe: (draft: any) => void): void {
    const [next, patches, inverse] = immer.produceWithPatches(this.live, (draft: any) => {
      if (isThenable(recipe(draft))) throw new TypeError('as.update(): the recipe must change the draft synchronously (it returned a promise)');
    });
    if (patches.length === 0) return;
    checkJson(next, `${labelOf(frame)}: the run state after as.update()`);
    this.live = next as Record<string, any>;
    this.changes.push({ step: labelOf(frame), patches, inverse, frame, armed: frame.onError !== undefined });
  }

  /** Are there changes of ended handlers to store? */
  get ready(): boolean {
    return this.changes.some((c) => !running(c));
  }

  /**
   * The state for a checkpoint, without the changes of steps still running,
   * and the changes it stores (those are forgotten here). `all`: every
   * change, as at the run's end.
   */
  take(all = false): StateCheckpoint {
    const held = all ? [] : this.changes.filter(running);
    const stored = held.length === 0 ? this.changes : this.changes.filter((c) => !running(c));
    let state = this.live;
    // Undone newest first: the state as if the running steps had not started.
    for (let i = held.length - 1; i >= 0; i--) state = immer.applyPatches(state, held[i]!.inverse as Patch[]);
    this.changes = held;
    return { state: state as Json, changes: stored.map(({ step, patches }) => ({ step, patches })) };
  }
}
