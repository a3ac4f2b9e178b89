/**
 * `catch`: an error handler around a body. With codes, only errors with one
 * of them reach it; loop control never does (typed flows). Its frame keeps
 * the sub-flows its handler awaits (`as.run`).
 */
import type { CatchNode } from '../../graph/nodes/catch-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError } from '../errors.js';
import { propagate, pushChild } from '../interpreter/moves.js';
import type { AwaitedRuns } from './sub-flow-run.js';
import { callErrorHandler } from './handlers.js';

export const catchBehaviour: Behaviour<CatchNode, AwaitedRuns> = {
  enter(f, node) {
    f.onError = node.handler;
    pushChild(f, node.body, f.args);
  },
  unwind(f, node, error) {
    const handler = f.onError;
    if (handler === undefined || !(error instanceof FlowError) || (node.codes !== undefined && !node.codes.includes(error.code))) {
      propagate(f, error);
    } else {
      callErrorHandler(f, handler, error, node.style);
    }
  },
};
