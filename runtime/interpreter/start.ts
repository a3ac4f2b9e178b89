/**
 * The one way threads start: a run's root thread (`startRun`, for `run()`
 * and FTN12 `execute()`) and a branch below a frame (`branchThread`, for
 * parallel blocks and map items).
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { cancelThread } from './cancel.js';
import { runNow } from './driver.js';
import type { Frame } from './frame.js';
import type { Run } from './run.js';
import { Thread, type ThreadOwner } from './thread.js';

/** Starts `run` at `node` with `args`; its first steps run before this returns (FTN12: inside `execute()`). */
export function startRun(run: Run, node: GraphNode, args: readonly unknown[]): void {
  const t = new Thread(run, run);
  const base = new run.frames(node, null, t, args);
  t.base = base;
  t.top = base;
  run.thread = t;
  run.graph = node;
  runNow(t);
}

/** Cancels a running run: every cancel handler runs, innermost first, before this returns; its hooks are not told. */
export function cancelRun(run: Run): void {
  const t = run.thread;
  if (t === null) return;
  run.thread = null;
  cancelThread(t);
}

/** Makes `node` a new thread (a branch) whose base frame hangs below `f`; `startThread` starts it. */
export function branchThread(f: Frame, node: GraphNode, args: readonly unknown[], owner: ThreadOwner, index: number): Thread {
  const run = f.thread.run;
  const t = new Thread(run, owner);
  t.index = index;
  t.cvars = f.thread.cvars;
  const base = new run.frames(node, f, t, args);
  t.base = base;
  t.top = base;
  return t;
}
