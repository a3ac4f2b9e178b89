/**
 * The codec of every node kind that keeps state or waits. Steps keep none
 * (a step that was running runs again: at least once); sequences keep their
 * position; loops their iteration (their collection is computed again from
 * their input); retries their attempt and backoff wake time; timeouts and
 * sleeps their wall-clock deadlines; waits their signal; context scopes
 * their value; catch and finally what they were handling; `using` re-acquires
 * its resource (never assumes the old one lives). Parallel blocks and maps
 * are in `join-codec.ts`.
 */
import { Errors, FlowError, type Unwind } from '../errors.js';
import { Phase, type Frame } from '../interpreter/frame.js';
import { complete, isWaiting, raise, resumeEnter, suspend } from '../interpreter/moves.js';
import { onStepTimeout } from '../interpreter/timeouts.js';
import { isThenable, THREW, thrownUnwind } from '../interpreter/user-code.js';
import { inFrame } from '../interpreter/active.js';
import { Signal } from '../interpreter/thread.js';
import type { Continuation } from '../behaviours/cleanup.js';
import { runFinally } from '../behaviours/finally.js';
import { callErrorHandler } from '../behaviours/handlers.js';
import { handledErrors } from '../behaviours/step.js';
import { reopenLoop } from '../behaviours/loop.js';
import { sleepUntil } from '../behaviours/sleep.js';
import { awaitSignal } from '../behaviours/wait.js';
import { setTimer } from '../timers.js';
import type { CodecTable } from './codec.js';
import { DurableRefusal, type Json, type SavedUnwind } from './cursor.js';
import { joinCodec } from './join-codec.js';
import { checkJson } from './plain-json.js';
import { argsJson, argsOf } from './checkpoint-values.js';
import { loadUnwind, saveUnwind } from './unwinds.js';

/** A timer's wall-clock due time (null: it never fires). */
export function dueOf(timer: unknown): number | null {
  const due = (timer as { due?: unknown } | null)?.due;
  return typeof due === 'number' ? due : null;
}

type SavedContinuation = { readonly ok: true; readonly a: readonly Json[] } | { readonly ok: false; readonly e: SavedUnwind };

function saveContinuation(next: Continuation, where: string): SavedContinuation {
  return next.ok ? { ok: true, a: argsJson(next.args, `${where}: the outcome`) } : { ok: false, e: saveUnwind(next.error, where) };
}

function loadContinuation(s: SavedContinuation): Continuation {
  return s.ok ? { ok: true, args: argsOf(s.a) } : { ok: false, error: loadUnwind(s.e) };
}

/** Goes on with `next` from a frame whose cleanup already ran: completes, or unwinds on through it. */
function goOn(f: Frame, next: Continuation): void {
  if (next.ok) complete(f, next.args);
  else raise(f, next.error);
}

export const codecs: CodecTable = {
  step: {
    save(f, node, ctx) {
      if (f.queue !== null || f.data !== undefined) throw new DurableRefusal(`${ctx.where}: a step that adds steps while it runs (as.run) cannot be checkpointed`);
      // Its own error handler is running: the error it handles, so it runs again on resume.
      const handling = node.onError !== undefined && f.onError === undefined ? handledErrors.get(f) : undefined;
      return handling === undefined ? undefined : saveUnwind(handling, ctx.where);
    },
    restore(f, node, saved) {
      if (saved === undefined || saved === null) f.onError = node.onError;
      else handledErrors.set(f, loadUnwind(saved as SavedUnwind));
    },
    resumeWait(f, node) {
      const error = handledErrors.get(f);
      if (error === undefined || node.onError === undefined) {
        // It waited for its handler: run the handler again.
        f.phase = Phase.Idle;
        f.thread.signal = Signal.Enter;
        return;
      }
      callErrorHandler(f, node.onError, error, node.style);
    },
  },
  sequence: {
    save: (f) => f.qi,
    restore(f, node, saved) {
      f.queue = node.steps;
      f.qi = saved as number;
    },
  },
  loop: {
    save(f, _node, ctx) {
      const st = f.data;
      if (st?.source?.async === true) throw new DurableRefusal(`${ctx.where}: a loop over an async iterable cannot be checkpointed: give it an array or an object`);
      return st === undefined ? null : st.i;
    },
    restore(f, node, saved) {
      if (saved === null) return;
      try {
        const st = reopenLoop(f, node, saved as number);
        if (st === THREW) return f.thread.error ?? new FlowError(Errors.InternalError, 'the loop could not open its collection again');
        f.data = st;
      } catch (e) {
        return e instanceof TypeError ? new FlowError(Errors.InternalError, e.message, { cause: e }) : thrownUnwind(f, e);
      }
      return undefined;
    },
  },
  retry: {
    save(f, _node, ctx) {
      return ctx.waiting ? { n: f.data!, w: dueOf(f.timer) } : { n: f.data! };
    },
    restore(f, _node, saved) {
      f.data = (saved as { n: number }).n;
    },
    resumeWait(f, node, saved) {
      const due = (saved as { w?: number | null }).w ?? null;
      suspend(f);
      const run = f.thread.run;
      f.timer = setTimer(run.scheduler, () => {
        f.timer = null;
        if (isWaiting(f)) resumeEnter(f, node.body, f.args);
      }, due === null ? Infinity : Math.max(0, due - run.scheduler.now()));
    },
  },
  timeout: {
    save: (f) => dueOf(f.timer),
    restore(f, _node, saved) {
      const run = f.thread.run;
      f.timer = setTimer(run.scheduler, () => onStepTimeout(f), saved === null ? Infinity : Math.max(0, (saved as number) - run.scheduler.now()));
    },
  },
  choose: {
    // The case taken: a flow that is the body of several cases keeps its place (ids, as.key()) after a resume.
    save: (f) => (typeof f.data === 'string' ? f.data : undefined),
    restore(f, _node, saved) {
      if (typeof saved === 'string') f.data = saved;
    },
  },
  sleep: {
    save: (f) => f.data?.wakeAt ?? null,
    resumeWait(f, _node, saved) {
      if (saved === null) return raise(f, new FlowError(Errors.InternalError, 'sleep: no wake time was saved'));
      sleepUntil(f, saved as number);
    },
  },
  wait: {
    save: (f) => (f.data === undefined ? null : { s: f.data.signal, d: f.data.deadline }),
    resumeWait(f, node, saved) {
      const s = saved as { s: string; d: number | null } | null;
      awaitSignal(f, node.signal, s === null ? null : s.d);
    },
  },
  context: {
    save(f, _node, ctx) {
      const value = f.data?.value;
      checkJson(value ?? null, `${ctx.where}: the context value`);
      return (value ?? null) as Json;
    },
    restore(f, _node, saved) {
      f.thread.run.contextual = true;
      f.data = { value: saved };
    },
  },
  catch: {
    save(f, _node, ctx) {
      const handling = f.data;
      return handling === undefined || f.onError !== undefined ? null : saveUnwind(handling.error, ctx.where);
    },
    restore(f, node, saved) {
      if (saved === null) f.onError = node.handler;
      else f.data = { current: null, pending: [], then: null, error: loadUnwind(saved as SavedUnwind) as FlowError };
    },
    resumeWait(f, node) {
      // Its handler was running: it runs again for the same error.
      const error = f.data!.error;
      f.onError = node.handler;
      raise(f, error);
    },
  },
  finally: {
    save(f, _node, ctx) {
      const st = f.data;
      return st === undefined || st === false ? null : st === true ? true : saveContinuation(st, ctx.where);
    },
    restore(f, _node, saved) {
      f.data = saved === null ? false : saved === true ? true : loadContinuation(saved as SavedContinuation);
    },
    resumeWait(f, node) {
      // Its handler was running: it runs again, then the outcome goes on.
      const next = f.data;
      if (next === undefined || typeof next === 'boolean') return raise(f, new FlowError(Errors.InternalError, 'finally: no outcome was saved'));
      runFinally(f, node, next);
    },
  },
  using: {
    save(f, _node, ctx) {
      const held = f.data;
      if (held === undefined) return null;
      if (!held.released) return { held: true };
      return held.next === undefined ? null : { next: saveContinuation(held.next, ctx.where) };
    },
    restore(f, node, saved, ctx) {
      const s = saved as { held?: true; next?: SavedContinuation } | null;
      if (s === null) return undefined;
      if (s.next !== undefined) {
        f.data = { value: undefined, released: true, next: loadContinuation(s.next) };
        return undefined;
      }
      if (ctx.waiting) return undefined;
      // The body was running: acquire the resource again before it goes on.
      let r: unknown;
      try {
        r = inFrame(f, node.resource.acquire, f.args[0]);
      } catch (e) {
        return thrownUnwind(f, e);
      }
      if (!isThenable(r)) {
        f.data = { value: r, released: false };
        return undefined;
      }
      f.phase = Phase.Waiting;
      return Promise.resolve(r).then(
        (value): undefined => {
          f.phase = Phase.Idle;
          f.data = { value, released: false };
          return undefined;
        },
        (e: unknown): Unwind => {
          f.phase = Phase.Idle;
          return thrownUnwind(f, e);
        },
      );
    },
    resumeWait(f, node) {
      const held = f.data;
      // Its release was running: the resource died with the process that held it; the outcome goes on.
      if (held?.next !== undefined) return goOn(f, held.next);
      // It was acquiring: acquire again.
      f.thread.signal = Signal.Enter;
    },
  },
  sync: {
    save(_f, _node, ctx) {
      throw new DurableRefusal(`${ctx.where}: Mutex, Throttle and Limiter sections hold process-local state and cannot be checkpointed`);
    },
  },
  run: {
    save(_f, _node, ctx) {
      throw new DurableRefusal(`${ctx.where}: sub-flows run with as.run cannot be checkpointed: put the sub-flow in the graph (embed it)`);
    },
  },
  parallel: joinCodec,
  map: joinCodec,
};
