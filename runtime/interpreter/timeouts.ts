/** What happens when a step's own `as.setTimeout` fires. */
import { Errors, flowFailure } from '../errors.js';
import type { Frame } from './frame.js';
import { Phase } from './frame.js';
import { resumeFail } from './moves.js';

/** Raises `Timeout` at the frame, after cancelling everything it started. */
export function onStepTimeout(f: Frame): void {
  f.timer = null;
  if (f.phase === Phase.Done || f.thread.ended) return;
  const error = flowFailure(Errors.Timeout);
  f.thread.run.noteError(undefined, error);
  resumeFail(f, error);
}
