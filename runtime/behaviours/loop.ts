/**
 * `loop`, `repeat` and `forEach`: one child frame per iteration, driven by
 * `childDone`, so a million iterations use constant stack and memory.
 * `break` / `continue` arrive as loop signals through `unwind`.
 */
import type { LoopNode } from '../../graph/nodes/loop-node.js';
import { isHandlerBody } from '../../graph/nodes/step-node.js';
import type { Behaviour } from '../interpreter/behaviour.js';
import { Errors, FlowError, LoopSignal, reportStray } from '../errors.js';
import { EMPTY, type Frame } from '../interpreter/frame.js';
import { complete, isWaiting, propagate, pushChild, raise, resumeDone, resumeEnter, resumeFail, suspend } from '../interpreter/moves.js';
import { thrownUnwind } from './call-handler.js';

interface LoopState {
  i: number;
  /** repeat: the count; array: its length. */
  n: number;
  input: unknown;
  array: readonly unknown[] | null;
  keys: readonly string[] | null;
  object: any;
  iterator: Iterator<unknown> | null;
  asyncIterator: AsyncIterator<unknown> | null;
  /** Map entries give [key, value] pairs. */
  entries: boolean;
}

function setup(node: LoopNode, input: unknown): LoopState {
  const st: LoopState = { i: 0, n: Infinity, input, array: null, keys: null, object: null, iterator: null, asyncIterator: null, entries: false };
  if (node.loop === 'repeat') {
    const count = typeof node.count === 'function' ? node.count(input) : node.count;
    if (typeof count !== 'number' || Number.isNaN(count)) throw new TypeError(`repeat: the count must be a number, got ${String(count)}`);
    st.n = count;
  } else if (node.loop === 'forEach') {
    const c: any = node.select!(input);
    if (Array.isArray(c)) {
      st.array = c;
      st.n = c.length;
    } else if (c instanceof Map) {
      st.iterator = c.entries();
      st.entries = true;
    } else if (c !== null && typeof c === 'object' && typeof c[Symbol.iterator] === 'function') {
      st.iterator = c[Symbol.iterator]();
    } else if (c !== null && typeof c === 'object' && typeof c[Symbol.asyncIterator] === 'function') {
      st.asyncIterator = c[Symbol.asyncIterator]();
    } else if (c !== null && typeof c === 'object') {
      st.object = c;
      st.keys = Object.keys(c);
      st.n = st.keys.length;
    } else {
      throw new TypeError(`forEach: cannot iterate over ${c === null ? 'null' : typeof c}`);
    }
  }
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

function finish(f: Frame, node: LoopNode, st: LoopState): void {
  complete(f, node.style === 'typed' ? [st.input] : EMPTY);
}

/** Starts the next iteration, or completes the loop (also the loop's `childDone`). */
function iterate(f: Frame, node: LoopNode): void {
  const st = f.data as LoopState;
  const i = st.i++;
  if (st.asyncIterator !== null) return pullAsync(f, node, st, i);
  let key: unknown = i;
  let value: unknown;
  if (st.iterator !== null) {
    let r: IteratorResult<unknown>;
    try {
      r = st.iterator.next();
    } catch (e) {
      st.iterator = null;
      return raise(f, thrownUnwind(f, e));
    }
    if (r.done === true) return finish(f, node, st);
    if (st.entries) [key, value] = r.value as [unknown, unknown];
    else value = r.value;
  } else {
    if (i >= st.n) return finish(f, node, st);
    if (st.array !== null) value = st.array[i];
    else if (st.keys !== null) {
      key = st.keys[i];
      value = st.object[key as string];
    }
  }
  pushChild(f, node.body, bodyArgs(node, st, key, value));
}

function pullAsync(f: Frame, node: LoopNode, st: LoopState, i: number): void {
  suspend(f);
  st.asyncIterator!.next().then(
    (r) => {
      if (!isWaiting(f)) return;
      if (r.done === true) {
        st.asyncIterator = null;
        resumeDone(f, node.style === 'typed' ? [st.input] : EMPTY);
      } else resumeEnter(f, node.body, bodyArgs(node, st, i, r.value));
    },
    (e: unknown) => {
      st.asyncIterator = null;
      if (isWaiting(f)) resumeFail(f, thrownUnwind(f, e));
    },
  );
}

/** Lets an iterator that was left early release its resources. */
function close(st: LoopState | undefined): void {
  if (st === undefined) return;
  const it = st.iterator ?? st.asyncIterator;
  st.iterator = null;
  st.asyncIterator = null;
  if (it === null || typeof it.return !== 'function') return;
  try {
    const r: any = it.return();
    if (r !== null && typeof r === 'object' && typeof r.then === 'function') r.then(undefined, reportStray);
  } catch (e) {
    reportStray(e);
  }
}

export const loopBehaviour: Behaviour<LoopNode> = {
  enter(f, node) {
    try {
      f.data = setup(node, f.args[0]);
    } catch (e) {
      raise(f, e instanceof TypeError ? new FlowError(Errors.InternalError, e.message, { cause: e }) : thrownUnwind(f, e));
      return;
    }
    iterate(f, node);
  },
  childDone: iterate,
  unwind(f, node, error) {
    const st = f.data as LoopState | undefined;
    if (st !== undefined && error instanceof LoopSignal && (error.label === undefined || error.label === node.label)) {
      if (error.action === 'continue') return iterate(f, node);
      close(st);
      return finish(f, node, st);
    }
    close(st);
    propagate(f, error);
  },
  cancel(f) {
    close(f.data as LoopState | undefined);
  },
};
