/**
 * The run every front end starts: an interpreter `Run` whose frames are the
 * step API's, so each step's frame is also its `as`. The interpreter knows
 * only `Run` and its frame class; this is where the two meet.
 */
import type { FrameClass } from '../interpreter/frame.js';
import { Run } from '../interpreter/run.js';
import { StepFrame } from './step-frame.js';

/** A run whose frames are {@link StepFrame}s (typed, FTN12 and durable runs alike). */
export abstract class StepRun extends Run {
  get frames(): FrameClass {
    return StepFrame;
  }
}
