/**
 * `sync`: a body in the critical section of a synchronisation primitive.
 * The primitive adds its own steps through the FTN12 protocol
 * (`primitive.sync(as, step)`); the step it protects runs the body node.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { SyncNode } from '../../graph/nodes/sync-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { nextChild, proceed, propagate, pushChild, raise, suspend } from '../interpreter/moves.js';
import { enterSection, isNativeSection, leaveSection, type NativeSection } from '../sync/section.js';
import type { StepApi } from '../ftn12/step-api.js';
import { callUser, THREW } from '../interpreter/user-code.js';
import type { Unwind } from '../errors.js';

/** A step handler that runs `body` as its sub-step with the arguments it got. */
export function bodyStep(body: GraphNode): (as: StepApi, ...args: unknown[]) => void {
  return (as, ...args) => {
    // The `as` a handler gets is its frame.
    const f = as as unknown as Frame;
    f.nextArgs = args;
    f.addSubStep(body);
  };
}

/** A native section's mark of the frame (entered or waiting); set by the primitive. */
type SectionMark = number;

/** A native primitive admits the frame (true), queues it (false) or throws `DefenseRejected`. */
const admit = (f: Frame): boolean => ((f.node as SyncNode).primitive as unknown as NativeSection)[enterSection](f);

/** A foreign primitive adds the protected step to the frame by the FTN12 protocol. */
const addThroughProtocol = (f: Frame): void => (f.node as SyncNode).primitive.sync(f, bodyStep((f.node as SyncNode).body));

export const syncBehaviour: Behaviour<SyncNode, SectionMark> = {
  enter(f, node) {
    if (isNativeSection(node.primitive)) {
      const entered = callUser(f, admit, f);
      if (entered === THREW) return;
      if (entered) pushChild(f, node.body, f.args);
      else suspend(f);
      return;
    }
    f.phase = Phase.Handler;
    const added = callUser(f, addThroughProtocol, f, leaveHandlerAndRaise);
    if (added === THREW) return;
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

function leaveHandlerAndRaise(f: Frame, u: Unwind): void {
  f.phase = Phase.Idle;
  raise(f, u);
}
