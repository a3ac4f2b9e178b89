/** `step`: run a handler; its error handler covers it and all it adds. */
import type { StepNode } from '../../graph/step-node.js';
import type { Behaviour } from '../behaviour.js';
import type { Frame } from '../frame.js';
import { FlowError } from '../errors.js';
import { propagate } from '../signals.js';
import { callErrorHandler, callStep } from './call-handler.js';

/** Enters a step: arms its error handler and calls its handler. */
export function enterStep(f: Frame, node: StepNode): void {
  f.onError = node.onError;
  callStep(f, node.handler, node.style);
}

export const stepBehaviour: Behaviour<StepNode> = {
  enter: enterStep,
  unwind(f, node, error) {
    const handler = f.onError;
    if (handler === undefined || !(error instanceof FlowError)) propagate(f, error);
    else callErrorHandler(f, handler, error, node.style);
  },
};
