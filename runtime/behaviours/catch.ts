/**
 * `catch`: an error handler around a body. With codes, only errors with one
 * of them reach it; loop control never does (typed flows). Once the handler
 * runs, its frame keeps the error it handles (a durable run that resumes
 * mid-handler runs it again with that error) and the sub-flows the handler
 * awaits (`as.run`).
 */
import type { CatchNode } from '../../graph/nodes/catch-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { FlowError } from '../errors.js';
import { propagate, pushChild } from '../interpreter/moves.js';
import type { AwaitedRuns } from './sub-flow-run.js';
import { callErrorHandler } from './handlers.js';

/** A catch frame whose handler runs: the error it handles, and the sub-flows it awaits. */
export interface Handling extends AwaitedRuns {
  readonly error: FlowError;
}

export const catchBehaviour: Behaviour<CatchNode, Handling> = {
  enter(f, node) {
    f.onError = node.handler;
    pushChild(f, node.body, f.args);
  },
  unwind(f, node, error) {
    const handler = f.onError;
    if (handler === undefined || !(error instanceof FlowError) || (node.codes !== undefined && !node.codes.includes(error.code))) {
      propagate(f, error);
    } else {
      f.data = { current: null, pending: [], then: null, error } satisfies Handling;
      callErrorHandler(f, handler, error, node.style);
    }
  },
};
