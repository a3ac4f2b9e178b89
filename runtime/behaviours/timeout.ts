/**
 * `timeout`: a time limit on a body, on the frame's timer. When it fires the
 * body is cancelled (innermost first) and `Timeout` is raised at this
 * frame, catchable outside it.
 */
import type { TimeoutNode } from '../../graph/nodes/timeout-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { pushChild } from '../interpreter/moves.js';
import { onStepTimeout } from '../interpreter/timeouts.js';
import { setTimer } from '../timers.js';

export const timeoutBehaviour: Behaviour<TimeoutNode> = {
  enter(f, node) {
    f.timer = setTimer(f.thread.run.scheduler, () => onStepTimeout(f), node.ms);
    pushChild(f, node.body, f.args);
  },
};
