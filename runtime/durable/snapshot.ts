/**
 * Saving a run's cursor: every live thread from its base frame to its top,
 * each frame as the child it is of the frame below, its input and its
 * kind's state, and the thread's next move. Taken only between driver
 * turns (no handler on the stack), so every thread is at a move boundary.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { childrenOf } from '../../graph/visitor.js';
import type { Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import type { Run } from '../interpreter/run.js';
import { Signal, type Thread } from '../interpreter/thread.js';
import type { SaveContext } from './codec.js';
import { codecs } from './codecs.js';
import { DurableRefusal, type Cursor, type Json, type SavedFrame, type SavedMove, type SavedThread } from './cursor.js';
import { argsJson } from './checkpoint-values.js';
import { saveUnwind } from './unwinds.js';
import { updatesMade } from './state-log.js';
import { saveVars } from './vars.js';

const kidsCache = new WeakMap<GraphNode, readonly GraphNode[]>();

/** The child nodes of a node, in `childrenOf` order (cached: frozen graphs never change). */
export function kidsOf(node: GraphNode): readonly GraphNode[] {
  let kids = kidsCache.get(node);
  if (kids === undefined) {
    kids = childrenOf(node).map((c) => c.node);
    kidsCache.set(node, kids);
  }
  return kids;
}

const MOVES: Record<number, SavedMove> = { [Signal.Enter]: 'enter', [Signal.Next]: 'next', [Signal.Done]: 'done', [Signal.Fail]: 'fail', [Signal.Wait]: 'wait' };

function saveFrame(f: Frame, waiting: boolean): SavedFrame {
  const where = labelOf(f);
  const ctx: SaveContext = { waiting, where, saveThread };
  const codec = codecs[f.node.kind] as { save?: (f: Frame, node: GraphNode, ctx: SaveContext) => Json | undefined } | undefined;
  const d = codec?.save?.(f, f.node, ctx);
  const a = argsJson(f.args, `${where}: its input`);
  let c: number | undefined;
  if (f.parent !== null && f.parent.thread === f.thread) {
    c = kidsOf(f.parent.node).indexOf(f.node);
    if (c < 0) throw new DurableRefusal(`${where}: the step is not part of the flow's graph (added while the run ran)`);
  }
  const out: { c?: number; a: readonly Json[]; d?: Json; u?: number } = { a };
  if (c !== undefined) out.c = c;
  if (d !== undefined) out.d = d;
  const u = updatesMade(f);
  if (u > 0) out.u = u;
  return out;
}

/** Saves one thread (and, through its frames' codecs, the branches below them). */
export function saveThread(t: Thread): SavedThread {
  const chain: Frame[] = [];
  const stop = t.base!.parent;
  for (let g = t.top; g !== null && g !== stop; g = g.parent) chain.push(g);
  chain.reverse();
  const move = MOVES[t.signal]!;
  const frames = chain.map((f, k) => saveFrame(f, k === chain.length - 1 && move === 'wait'));
  const out: { i: number; v?: { readonly [name: string]: Json }; f: readonly SavedFrame[]; s: SavedMove; x?: readonly Json[]; e?: ReturnType<typeof saveUnwind> } = { i: t.index, f: frames, s: move };
  const top = chain[chain.length - 1]!;
  const vars = saveVars(t.cvars, labelOf(top));
  if (vars !== undefined) out.v = vars;
  if (move === 'next' || move === 'done') out.x = argsJson(t.args, `${labelOf(top)}: its output`);
  if (move === 'fail') out.e = saveUnwind(t.error!, labelOf(top));
  return out;
}

/** The run's cursor, or null when it has no live root thread. */
export function saveCursor(run: Run): Cursor | null {
  const t = run.thread;
  if (t === null || t.ended || t.top === null) return null;
  return { v: 1, root: saveThread(t) };
}
