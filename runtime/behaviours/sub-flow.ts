/**
 * `run` nodes (`as.run(flow, input)`): the flow runs below its step. A run
 * the handler returned is one of the step's sub-steps, so its error
 * unwinds through the step; an awaited run hands its outcome to the await
 * and returns control to the step, which waits on for its handler.
 */
import type { Behaviour } from '../interpreter/behaviour.js';
import { finishFrame } from '../interpreter/cancel.js';
import { cancelledError, FlowError, runFailure, type Unwind } from '../errors.js';
import type { Frame } from '../interpreter/frame.js';
import { EMPTY } from '../interpreter/frame.js';
import { complete, propagate, pushChild, suspend } from '../interpreter/moves.js';
import { SubFlowRun, type AwaitedRuns } from './sub-flow-run.js';

/** An awaited run ended: the step it ran under takes over again (the next awaited run, or waiting for its handler). */
function backToStep(g: Frame): void {
  const f = g.parent!;
  finishFrame(g);
  f.thread.top = f;
  const runs = f.data as AwaitedRuns;
  const next = runs.pending.shift();
  runs.current = next ?? null;
  if (next !== undefined) return pushChild(f, next, EMPTY);
  suspend(f);
  const then = runs.then;
  runs.then = null;
  if (then !== null) then();
}

function failure(error: Unwind): FlowError {
  return error instanceof FlowError ? error : runFailure(error);
}

export const runBehaviour: Behaviour<SubFlowRun> = {
  enter(g, node) {
    node.started();
    pushChild(g, node.body, [node.input]);
  },
  childDone(g, node, args) {
    node.settle(true, args[0]);
    if (node.awaited) backToStep(g);
    else complete(g, args);
  },
  unwind(g, node, error) {
    node.settle(false, failure(error));
    if (node.awaited) backToStep(g);
    else propagate(g, error);
  },
  cancel(g, node) {
    node.settle(false, cancelledError());
    if (!node.awaited) return;
    const runs = g.parent!.data as AwaitedRuns;
    for (const waiting of runs.pending.splice(0)) waiting.settle(false, cancelledError());
    runs.current = null;
    runs.then = null;
  },
};
