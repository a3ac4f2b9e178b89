/**
 * Chains of plain steps: the sub-steps of a sequence (or of a step, the
 * ones its handler added) that are plain steps run back to back in one
 * loop, without a driver turn, a behaviour lookup or a phase change of the
 * parent between them.
 *
 * A plain step is a `step` node without an error handler. Each still gets a
 * frame of its own, which is its `as`: a handler may keep `as` and call it
 * after its step ended, and that call must find its own step. What the
 * chain saves is everything around the frame. A step leaves the chain, and
 * the driver takes over from exactly the state the step left, as soon as it
 * does anything but complete: it throws or calls `as.error`, returns a
 * promise, adds sub-steps, or waits. Runs that watch every step (events,
 * debug mode, durable checkpoints) never chain.
 *
 * Whether a node is a plain step is two field reads, so the chain decides
 * it as it goes, for a frozen graph's sequences and for the steps an FTN12
 * handler adds at run time alike.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { StepNode } from '../../graph/nodes/step-node.js';
import { invokeStep, plainOutput, settleStep } from '../behaviours/handlers.js';
import { THREW } from './user-code.js';
import { finishFrame } from './cancel.js';
import { burst } from './budget.js';
import type { Frame } from './frame.js';
import type { Run } from './run.js';
import type { Thread } from './thread.js';
import { endThread } from './driver.js';
import { complete, pushChild } from './moves.js';

/** Is `node` a step that a chain may run? */
export function isPlainStep(node: GraphNode): node is StepNode {
  return node.kind === 'step' && node.onError === undefined;
}

/** May the run chain steps? Not while something watches every step: events, debug mode, durable checkpoints. */
export function chains(run: Run): boolean {
  return run.events === null && run.debug === null && run.hooks.durable !== true;
}

/**
 * Runs one plain step as a sub-step of `p` with `args`: its output when it
 * completed, with `p` the top frame again; null when it did anything else
 * (the driver goes on from the state the step left) or the budget ran out
 * (the driver enters the step, after a yield).
 */
export function chainStep(p: Frame, node: StepNode, args: readonly unknown[]): readonly unknown[] | null {
  const t = p.thread;
  if (burst.left <= 0) {
    pushChild(p, node, args);
    return null;
  }
  burst.left--;
  const f = new t.run.frames(node, p, t, args);
  t.top = f;
  const r = invokeStep(f, node.handler);
  if (r === THREW) return null;
  const out = plainOutput(f, r, node.style);
  if (out === null) {
    settleStep(f, r, node.style);
    return null;
  }
  // The handler cancelled its own run: nothing goes on.
  if (t.ended) return null;
  f.outcome = null;
  finishFrame(f);
  t.top = p;
  return out;
}

/**
 * Runs the next sub-steps of `p` (a sequence's or a step's frame), the
 * first getting `args`: plain steps in this loop, anything else entered by
 * the driver; `p` completes when none is left.
 */
export function runSteps(p: Frame, args: readonly unknown[]): void {
  const q = p.queue;
  if (q === null || p.qi >= q.length) {
    p.queue = null;
    return complete(p, args);
  }
  let node = q[p.qi++]!;
  if (!isPlainStep(node) || !chains(p.thread.run)) return pushChild(p, node, args);
  for (;;) {
    const out = chainStep(p, node, args);
    if (out === null) return;
    if (p.qi >= q.length) {
      p.queue = null;
      return complete(p, out);
    }
    args = out;
    node = q[p.qi++]!;
    if (!isPlainStep(node)) return pushChild(p, node, args);
  }
}

/**
 * A branch (a parallel branch, a map item) whose base is a plain step, as
 * it starts: the step runs here, and when it completes the thread ends and
 * its owner is told, with no driver turn. False when the step did anything
 * else: the driver goes on from the state it left.
 */
export function runBranchStep(t: Thread, f: Frame): boolean {
  const node = f.node as StepNode;
  burst.left--;
  const r = invokeStep(f, node.handler);
  if (r === THREW) return false;
  const out = plainOutput(f, r, node.style);
  if (out === null) {
    settleStep(f, r, node.style);
    return false;
  }
  if (t.ended) return true;
  f.outcome = null;
  finishFrame(f);
  endThread(t);
  t.owner.threadDone(t, out);
  return true;
}
