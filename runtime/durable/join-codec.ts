/**
 * Parallel blocks and maps in a cursor: the join's progress (branches
 * started, the results and errors of finished ones in finishing order, the
 * continuation values they ended with) and every running branch as a
 * thread of its own. A map's collection is computed again from its input
 * on resume and positioned after the items already started, so it must
 * give the same items; async iterables are refused.
 */
import type { MapNode } from '../../graph/nodes/map-node.js';
import type { ParallelNode } from '../../graph/nodes/parallel-node.js';
import { isHandlerBody } from '../../graph/nodes/step-node.js';
import { Errors, FlowError, type Unwind } from '../errors.js';
import { EMPTY, Phase, type Frame } from '../interpreter/frame.js';
import { Signal, Thread } from '../interpreter/thread.js';
import { thrownUnwind } from '../interpreter/user-code.js';
import { inFrame } from '../interpreter/active.js';
import { BranchJoin } from '../behaviours/branch-join.js';
import type { JoinProgress } from '../behaviours/join-progress.js';
import { Source } from '../behaviours/source.js';
import type { FrameCodec, SaveContext } from './codec.js';
import { DurableRefusal, type Json, type SavedThread, type SavedUnwind } from './cursor.js';
import { valueJson, valueOf } from './checkpoint-values.js';
import { loadUnwind, saveUnwind } from './unwinds.js';
import { loadVars, saveVars } from './vars.js';

/** A join in a cursor. */
interface SavedJoin {
  /** Branches started (map: items pulled). */
  readonly s: number;
  /** Finished branches in finishing order, with their results, errors (any) and continuation values. */
  readonly o: readonly number[];
  readonly r: readonly Json[];
  readonly e?: readonly (SavedUnwind | null)[];
  readonly v?: readonly ({ readonly [name: string]: Json } | null)[];
  /** map: the source ran out. */
  readonly x: boolean;
  /** The running branches. */
  readonly b: readonly SavedThread[];
}

function saveResult(value: unknown, where: string): Json {
  // An allSettled result's rejected branch is a FlowError inside the value: saved like any other (see checkpoint-values.ts).
  return valueJson(value ?? null, where);
}

function loadResult(saved: Json, mode: string): unknown {
  const value = valueOf(saved);
  if (mode !== 'allSettled') return value;
  // Cursors written before FlowErrors in values were tagged kept a rejected branch's error as a bare saved error.
  const s = value as { status: string; error?: unknown };
  return s.status === 'rejected' && !(s.error instanceof FlowError) ? { status: 'rejected', error: loadUnwind(s.error as SavedUnwind) } : value;
}

function save(f: Frame<BranchJoin>, node: ParallelNode | MapNode, ctx: SaveContext): Json | undefined {
  const join = f.data;
  if (join !== undefined && join.source?.async === true) throw new DurableRefusal(`${ctx.where}: a map over an async iterable cannot be checkpointed: give it an array`);
  if (!ctx.waiting || join === undefined) return null;
  const { progress: p, running } = join.progress();
  const out: { s: number; o: readonly number[]; r: Json[]; e?: (SavedUnwind | null)[]; v?: ({ readonly [name: string]: Json } | null)[]; x: boolean; b: SavedThread[] } = {
    s: p.started,
    o: p.order.slice(),
    r: p.order.map((i) => saveResult(p.results[i], `${ctx.where} > [${i}]: the result`)),
    x: p.exhausted,
    b: running.map((t) => ctx.saveThread(t)),
  };
  if (p.errors !== null) out.e = p.order.map((i) => (p.errors![i] === undefined ? null : saveUnwind(p.errors![i]!, ctx.where)));
  if (p.finals.some((m) => m !== null && m !== undefined)) out.v = p.order.map((i) => saveVars(p.finals[i] ?? null, ctx.where) ?? null);
  return out as unknown as Json;
}

function progressOf(s: SavedJoin, mode: string): JoinProgress {
  const results: unknown[] = [];
  const finals: (ReadonlyMap<object, unknown> | null)[] = [];
  let errors: Unwind[] | null = null;
  s.o.forEach((i, k) => {
    results[i] = loadResult(s.r[k]!, mode);
    finals[i] = s.v === undefined ? null : loadVars(s.v[k] ?? undefined);
    const e = s.e?.[k];
    if (e != null) (errors ??= [])[i] = loadUnwind(e);
  });
  if (s.e !== undefined) errors ??= [];
  return { started: s.s, order: s.o, results, errors, finals, exhausted: s.x };
}

/** A map's items again, positioned after the `started` ones. */
function reopenItems(f: Frame, node: MapNode, started: number): Source | Unwind {
  let items: unknown;
  try {
    items = inFrame(f, node.select, f.args[0]);
  } catch (e) {
    return thrownUnwind(f, e);
  }
  const source = Source.open(items);
  if (source === null) return new FlowError(Errors.InternalError, `map: select() must return an Iterable or AsyncIterable, got ${items === null ? 'null' : typeof items}`);
  if (source.async) throw new DurableRefusal('map over an async iterable cannot resume in a durable run: give it an array');
  try {
    for (let k = 0; k < started; k++) if ((source.next() as IteratorResult<unknown>).done === true) break;
  } catch (e) {
    return thrownUnwind(f, e);
  }
  return source;
}

export const joinCodec: FrameCodec<ParallelNode | MapNode, BranchJoin> = {
  save,
  async restore(f, node, saved, ctx) {
    if (saved === null || saved === undefined) return undefined;
    const s = saved as unknown as SavedJoin;
    let join: BranchJoin;
    if (node.kind === 'map') {
      const source = reopenItems(f, node, s.s);
      if (!(source instanceof Source)) return source;
      join = BranchJoin.ofItems(f, source, node.body, node.concurrency ?? Infinity, isHandlerBody(node.body));
    } else {
      const ftn12 = node.style === 'ftn12';
      join = BranchJoin.ofBranches(f, node.mode, node.branches, ftn12 ? EMPTY : f.args, { limit: node.concurrency ?? node.branches.length, keys: node.keys, ftn12 });
    }
    join.resumeFrom(progressOf(s, node.kind === 'map' ? 'map' : node.mode));
    f.data = join;
    f.phase = Phase.Waiting;
    f.thread.signal = Signal.Wait;
    for (const b of s.b) {
      const t = new Thread(f.thread.run, join);
      t.index = b.i;
      await ctx.restoreThread(t, f, node.kind === 'map' ? node.body : node.branches[b.i]!, b);
      join.adopt(t);
    }
    return undefined;
  },
  resumeWait(f) {
    // Branches finished or failed before the checkpoint left room: start the next ones.
    f.data?.fill();
  },
};
