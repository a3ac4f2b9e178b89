/**
 * Rebuilding a run from its cursor: frames from each thread's base up, each
 * node found as the saved child of the node below, each kind's state put
 * back by its codec (a resource acquired again first). Only once every
 * thread is rebuilt do they move: a thread that was about to move makes
 * that move, a waiting one waits again (or runs again what it waited for:
 * a step that was running when the process stopped runs again).
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import type { Unwind } from '../errors.js';
import { schedule } from '../interpreter/driver.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import type { Run } from '../interpreter/run.js';
import { Signal, Thread } from '../interpreter/thread.js';
import type { FrameCodec, RestoreContext } from './codec.js';
import { codecs } from './codecs.js';
import { DurableRefusal, type Cursor, type Json, type SavedThread } from './cursor.js';
import { kidsOf } from './snapshot.js';
import { argsOf } from './checkpoint-values.js';
import { loadUnwind } from './unwinds.js';
import { skipUpdates } from './state-log.js';
import { loadVars } from './vars.js';

type AnyCodec = FrameCodec<GraphNode, unknown>;

const codecOf = (node: GraphNode): AnyCodec | undefined => codecs[node.kind] as AnyCodec | undefined;

/** Sets the thread's next move (the saved one, or a fail where its rebuild stopped). */
function moveOf(t: Thread, saved: SavedThread, stoppedBy: Unwind | null): () => void {
  return () => {
    if (stoppedBy !== null) {
      t.error = stoppedBy;
      t.signal = Signal.Fail;
    } else {
      switch (saved.s) {
        case 'enter':
          t.signal = Signal.Enter;
          break;
        case 'next':
          t.args = argsOf(saved.x ?? []);
          t.signal = Signal.Next;
          break;
        case 'done':
          t.args = argsOf(saved.x ?? []);
          t.signal = Signal.Done;
          break;
        case 'fail':
          t.error = loadUnwind(saved.e!);
          t.signal = Signal.Fail;
          break;
        case 'wait': {
          const f = t.top!;
          const codec = codecOf(f.node);
          const d = saved.f[saved.f.length - 1]!.d;
          if (codec?.resumeWait === undefined) {
            f.phase = Phase.Idle;
            t.signal = Signal.Enter;
          } else {
            f.phase = Phase.Waiting;
            t.signal = Signal.Wait;
            codec.resumeWait(f, f.node, d);
          }
        }
      }
    }
    if (t.signal !== Signal.Wait) schedule(t);
  };
}

/**
 * Rebuilds the run's threads from `cursor` below `root` (the graph the run
 * runs) and starts them moving. Async when a resource is acquired again.
 */
export async function restoreCursor(run: Run, root: GraphNode, cursor: Cursor): Promise<void> {
  if (cursor.v !== 1) throw new DurableRefusal(`cursor version ${String(cursor.v)} is not known to this version of stepflow`);
  const moves: (() => void)[] = [];

  const restoreThread = async (t: Thread, below: Frame | null, base: GraphNode, saved: SavedThread): Promise<void> => {
    t.index = saved.i;
    t.cvars = loadVars(saved.v);
    let parent = below;
    let stoppedBy: Unwind | null = null;
    for (let k = 0; k < saved.f.length; k++) {
      const sf = saved.f[k]!;
      const node = k === 0 ? base : kidsOf(parent!.node)[sf.c!];
      if (node === undefined) throw new DurableRefusal(`the cursor names child ${String(sf.c)} of a node that has no such child: the run's graph is not the one it was saved with`);
      const f = new run.frames(node, parent, t, argsOf(sf.a as readonly Json[]));
      if (sf.u !== undefined) skipUpdates(f, sf.u);
      if (k === 0) t.base = f;
      t.top = f;
      const top = k === saved.f.length - 1;
      const ctx: RestoreContext = { top, waiting: top && saved.s === 'wait', restoreThread };
      const r = codecOf(node)?.restore?.(f, node, sf.d as Json | undefined, ctx);
      const unwind = r instanceof Promise ? await r : r;
      if (unwind !== undefined) {
        stoppedBy = unwind;
        break;
      }
      parent = f;
    }
    moves.push(moveOf(t, saved, stoppedBy));
  };

  const t = new Thread(run, run);
  run.thread = t;
  run.graph = root;
  await restoreThread(t, null, root, cursor.root);
  for (const move of moves) move();
}

/** A fresh run's cursor: the root node entered with the input. */
export function startCursor(input: unknown): Cursor {
  return { v: 1, root: { i: 0, f: [{ a: input === undefined ? [] : [input as Json] }], s: 'enter' } };
}
