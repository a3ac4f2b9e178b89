/**
 * `step`: runs a handler; its error handler covers it and all it adds. The
 * frame keeps the sub-flows its handler awaits (`as.run`).
 */
import type { StepNode } from '../../graph/nodes/step-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError } from '../errors.js';
import { propagate } from '../interpreter/moves.js';
import { callErrorHandler, callStep } from './handlers.js';
import type { AwaitedRuns } from './sub-flow-run.js';

export const stepBehaviour: Behaviour<StepNode, AwaitedRuns> = {
  enter(f, node) {
    f.onError = node.onError;
    callStep(f, node.handler, node.style);
  },
  unwind(f, node, error) {
    const handler = f.onError;
    // FTN12 error handlers also see break/continue on their way to the loop (as LoopBreak / LoopCont); typed handlers never do.
    if (handler === undefined || (!(error instanceof FlowError) && node.style !== 'ftn12')) propagate(f, error);
    else callErrorHandler(f, handler, error, node.style);
  },
};
