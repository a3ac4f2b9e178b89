/**
 * `loop`, `repeat` and `forEach`: one child frame per iteration, driven by
 * `childDone`, so a million iterations use constant stack and memory.
 * `break` / `continue` arrive as loop signals through `unwind`. Counts,
 * arrays and plain objects go by index; iterables (sync or async) through a
 * {@link Source}, closed when the loop is left early.
 */
import type { LoopNode } from '../../graph/nodes/loop-node.js';
import { isHandlerBody } from '../../graph/nodes/step-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, LoopSignal, reportStray, flowFailure } from '../errors.js';
import { EMPTY, type Frame } from '../interpreter/frame.js';
import { complete, propagate, pushChild, raise, resumeDone, resumeEnter } from '../interpreter/moves.js';
import { inFrame } from '../interpreter/active.js';
import { callUser, resumeThrown, THREW, thrownUnwind, whenSettled } from '../interpreter/user-code.js';
import { nextOf, Source } from './source.js';
import { chains, chainStep, isPlainStep } from '../interpreter/chain.js';

/** Where a loop is: the next index, how far it goes, and what it iterates. */
export interface LoopState {
  i: number;
  /** repeat: the count; array or object: its length; otherwise Infinity. */
  readonly n: number;
  /** The loop's input, passed through as its output (typed loops). */
  readonly input: unknown;
  readonly array: readonly unknown[] | null;
  readonly keys: readonly string[] | null;
  readonly object: Record<string, unknown> | null;
  /** Iterables (a Map, a generator, an async iterable). */
  readonly source: Source | null;
}

const NO_ITEMS = { array: null, keys: null, object: null, source: null };

function setup(f: Frame, node: LoopNode, input: unknown): LoopState {
  if (node.loop === 'loop') return { i: 0, n: Infinity, input, ...NO_ITEMS };
  if (node.loop === 'repeat') {
    const computed = typeof node.count === 'function';
    const count: unknown = computed ? inFrame(f, node.count as (input: unknown) => unknown, input) : node.count;
    if (typeof count !== 'number' || Number.isNaN(count) || (computed && !(Number.isInteger(count) && count >= 0))) {
      throw new TypeError(`repeat: ${computed ? 'the count function must give' : 'the count must be'} a non-negative integer, got ${typeof count === 'string' ? JSON.stringify(count) : typeof count === 'number' ? String(count) : typeof count}`);
    }
    return { i: 0, n: count, input, ...NO_ITEMS };
  }
  const c: unknown = inFrame(f, node.select!, input);
  if (Array.isArray(c)) return { i: 0, n: c.length, input, ...NO_ITEMS, array: c };
  const source = Source.open(c, true);
  if (source !== null) return { i: 0, n: Infinity, input, ...NO_ITEMS, source };
  if (c !== null && typeof c === 'object') {
    const keys = Object.keys(c);
    return { i: 0, n: keys.length, input, ...NO_ITEMS, keys, object: c as Record<string, unknown> };
  }
  throw new TypeError(`forEach: cannot iterate over ${c === null ? 'null' : typeof c}`);
}

/** The setup as user code runs it: a bad count or collection is an InternalError naming it. */
function open(f: Frame<LoopState>, node: LoopNode): LoopState | typeof THREW {
  try {
    return setup(f, node, f.args[0]);
  } catch (e) {
    raise(f, e instanceof TypeError ? flowFailure(Errors.InternalError, e.message, { cause: e }) : thrownUnwind(f, e));
    return THREW;
  }
}

/**
 * A durable loop resuming: its collection again (from the loop's input, so
 * it must give the same items), positioned after the `i` items it had
 * started. Async iterables cannot be positioned again and are refused.
 */
export function reopenLoop(f: Frame<LoopState>, node: LoopNode, i: number): LoopState | typeof THREW {
  const st = open(f, node);
  if (st === THREW) return st;
  const source = st.source;
  if (source !== null) {
    if (source.async) throw new TypeError('forEach over an async iterable cannot resume in a durable run: give it an array or an object');
    for (let k = 0; k < i; k++) if ((source.next() as IteratorResult<unknown>).done === true) break;
  }
  st.i = i;
  return st;
}

function bodyArgs(node: LoopNode, st: LoopState, key: unknown, value: unknown): readonly unknown[] {
  const typed = node.style === 'typed';
  if (typed && !isHandlerBody(node.body)) return [st.input];
  switch (node.loop) {
    case 'loop':
      return typed ? [st.input] : EMPTY;
    case 'repeat':
      return typed ? [key, st.input] : [key];
    default:
      return typed ? [value, key, st.input] : [key, value];
  }
}

function outputOf(node: LoopNode, st: LoopState): readonly unknown[] {
  return node.style === 'typed' ? [st.input] : EMPTY;
}

/** Starts the next iteration, or completes the loop (also the loop's `childDone`). */
function iterate(f: Frame<LoopState>, node: LoopNode): void {
  const st = f.data!;
  const i = st.i++;
  const source = st.source;
  if (source !== null) {
    if (source.async) return pullAsync(f, node, st, source, i);
    const r = callUser(f, nextOf, source) as IteratorResult<unknown> | typeof THREW;
    if (r === THREW) return source.finished();
    if (r.done === true) {
      source.finished();
      return complete(f, outputOf(node, st));
    }
    const [key, value] = source.entries ? (r.value as [unknown, unknown]) : [i, r.value];
    return pushChild(f, node.body, bodyArgs(node, st, key, value));
  }
  if (i >= st.n) return complete(f, outputOf(node, st));
  const body = node.body;
  let args = argsAt(f, node, st, i);
  if (args === THREW) return;
  if (!isPlainStep(body) || !chains(f.thread.run)) return pushChild(f, body, args);
  // A plain body: iterations run back to back while each completes (see chain.ts).
  while (chainStep(f, body, args) !== null) {
    if (st.i >= st.n) return complete(f, outputOf(node, st));
    args = argsAt(f, node, st, st.i++);
    if (args === THREW) return;
  }
}

/** The body's input for iteration `i` of a loop by count, array or keys; a property getter that throws raises at the loop. */
function argsAt(f: Frame<LoopState>, node: LoopNode, st: LoopState, i: number): readonly unknown[] | typeof THREW {
  if (st.array !== null) return bodyArgs(node, st, i, st.array[i]);
  if (st.keys !== null) {
    const key = st.keys[i]!;
    const value = callUser(f, valueOf, { object: st.object!, key });
    return value === THREW ? THREW : bodyArgs(node, st, key, value);
  }
  return bodyArgs(node, st, i, undefined);
}

const valueOf = (at: { object: Record<string, unknown>; key: string }): unknown => at.object[at.key];

function pullAsync(f: Frame<LoopState>, node: LoopNode, st: LoopState, source: Source, i: number): void {
  whenSettled(
    f,
    inFrame(f, nextOf, source) as Promise<IteratorResult<unknown>>,
    (g, r) => {
      if (r.done === true) {
        source.finished();
        resumeDone(g, outputOf(node, st));
      } else resumeEnter(g, node.body, bodyArgs(node, st, i, r.value));
    },
    (g, e) => {
      source.finished();
      resumeThrown(g, e);
    },
  );
}

/** Lets an iterator that was left early release its resources. */
function close(st: LoopState | undefined): void {
  const closing = st?.source?.close();
  if (closing != null) closing.then(undefined, reportStray);
}

export const loopBehaviour: Behaviour<LoopNode, LoopState> = {
  enter(f, node) {
    const st = open(f, node);
    if (st === THREW) return;
    f.data = st;
    iterate(f, node);
  },
  childDone: iterate,
  unwind(f, node, error) {
    const st = f.data;
    if (st !== undefined && error instanceof LoopSignal && (error.label === undefined || error.label === node.label)) {
      if (error.action === 'continue') return iterate(f, node);
      close(st);
      return complete(f, outputOf(node, st));
    }
    close(st);
    propagate(f, error);
  },
  cancel(f) {
    close(f.data);
  },
  position(f) {
    const st = f.data;
    return st === undefined ? undefined : `#${st.i - 1}`;
  },
};
