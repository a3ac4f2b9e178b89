/**
 * `sync`: a body in the critical section of a synchronisation primitive.
 * The primitive adds its own steps through the FTN12 protocol
 * (`primitive.sync(as, step)`); the step it protects runs the body node.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { SyncNode } from '../../graph/nodes/sync-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Phase } from '../interpreter/frame.js';
import { nextChild, proceed, propagate, pushChild, raise, suspend } from '../interpreter/moves.js';
import { enterSection, isNativeSection, leaveSection } from '../sync/section.js';
import { frameOf } from '../step-api/step-frame.js';
import type { StepApi } from '../ftn12/step-api.js';
import { thrownUnwind } from './call-handler.js';

/** A step handler that runs `body` as its sub-step with the arguments it got. */
export function bodyStep(body: GraphNode): (as: StepApi, ...args: unknown[]) => void {
  return (as, ...args) => {
    const f = frameOf(as);
    f.nextArgs = args;
    f.addSubStep(body);
  };
}

export const syncBehaviour: Behaviour<SyncNode> = {
  enter(f, node) {
    const p = node.primitive;
    if (isNativeSection(p)) {
      let entered: boolean;
      try {
        entered = p[enterSection](f);
      } catch (e) {
        raise(f, thrownUnwind(f, e));
        return;
      }
      if (entered) pushChild(f, node.body, f.args);
      else suspend(f);
      return;
    }
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
  childDone(f, node, args) {
    if (isNativeSection(node.primitive)) node.primitive[leaveSection](f);
    nextChild(f, args);
  },
  unwind(f, node, error) {
    if (isNativeSection(node.primitive)) node.primitive[leaveSection](f);
    propagate(f, error);
  },
  cancel(f, node) {
    if (isNativeSection(node.primitive)) node.primitive[leaveSection](f);
  },
};
