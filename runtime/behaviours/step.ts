/**
 * `step`: runs a handler; its error handler covers it and all it adds. The
 * frame keeps the sub-flows its handler awaits (`as.run`).
 */
import type { StepNode } from '../../graph/nodes/step-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError, type Unwind } from '../errors.js';
import { propagate } from '../interpreter/moves.js';
import { callErrorHandler, callStep } from './handlers.js';
import { hasTimeoutAbove, realNow, report, reportIfSlow, type DebugOptions } from '../debug.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import type { AwaitedRuns } from './sub-flow-run.js';

/** The error a step's own error handler is handling (durable runs only). */
export const handledErrors = new WeakMap<Frame, Unwind>();

export const stepBehaviour: Behaviour<StepNode, AwaitedRuns> = {
  enter(f, node) {
    if (node.onError !== undefined) f.onError = node.onError;
    if (f.thread.run.debug === null) callStep(f, node.handler, node.style);
    else callStepWatched(f, node, f.thread.run.debug);
  },
  unwind(f, node, error) {
    const handler = f.onError;
    // FTN12 error handlers also see break/continue on their way to the loop (as LoopBreak / LoopCont); typed handlers never do.
    if (handler === undefined || (!(error instanceof FlowError) && node.style !== 'ftn12')) propagate(f, error);
    else {
      // A durable checkpoint taken while the handler runs stores the error it handles, to run it again on resume.
      if (f.thread.run.hooks.durable === true) handledErrors.set(f, error);
      callErrorHandler(f, handler, error, node.style);
    }
  },
};

/** Debug mode: the handler call, timed; a handler that blocked too long, or a wait with no timeout, is reported. */
function callStepWatched(f: Frame<AwaitedRuns>, node: StepNode, debug: DebugOptions): void {
  const started = realNow();
  callStep(f, node.handler, node.style);
  reportIfSlow(f, debug, started);
  if (debug.unboundedWaits !== false && f.phase === Phase.Waiting && !hasTimeoutAbove(f)) report(f, 'unbounded');
}
