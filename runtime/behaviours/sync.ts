/**
 * `sync`: a body in the critical section of a synchronisation primitive.
 * The primitive adds its own steps through the FTN12 protocol
 * (`primitive.sync(as, step)`); the step it protects runs the body node.
 */
import type { GraphNode } from '../../graph/node.js';
import type { SyncNode } from '../../graph/sync-node.js';
import type { Behaviour } from '../behaviour.js';
import { Phase } from '../frame.js';
import { proceed, raise } from '../signals.js';
import type { StepApi } from '../step-api.js';
import { thrownUnwind } from './call-handler.js';

/** A step handler that runs `body` as its sub-step with the arguments it got. */
export function bodyStep(body: GraphNode): (as: StepApi, ...args: unknown[]) => void {
  return (as, ...args) => {
    as.nextArgs = args;
    as._spliceNode(body);
  };
}

export const syncBehaviour: Behaviour<SyncNode> = {
  enter(f, node) {
    f.phase = Phase.Handler;
    try {
      node.primitive.sync(f, bodyStep(node.body));
    } catch (e) {
      f.phase = Phase.Idle;
      raise(f, thrownUnwind(f, e));
      return;
    }
    proceed(f, f.args);
  },
};
