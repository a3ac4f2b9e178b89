/**
 * The one sub-step adder behind FTN12's `add`, `parallel`, `sync`, `loop`,
 * `repeat`, `forEach`, `successStep` and `await`, shared by a step's `as`
 * and the FTN12 root: both turn these calls into the same graph nodes, and
 * differ only in where the nodes go (see {@link StepTarget}).
 */
import { describe } from '../../errors/describe.js';
import type { AnyHandler } from '../../graph/nodes/handler.js';
import { runLoopNode, type LoopKind } from '../../graph/nodes/loop-node.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { runParallelNode } from '../../graph/nodes/parallel-node.js';
import { runStepNode } from '../../graph/nodes/step-node.js';
import { runValueNode } from '../../graph/nodes/value-node.js';
import { isThenable } from '../interpreter/user-code.js';
import { Errors, FlowError } from '../errors.js';
import type { SyncPrimitive } from '../../graph/nodes/sync-node.js';
import type { ErrorCallback, ExecuteCallback, ParallelBuilder } from '../ftn12/step-api.js';
import { awaitStep } from './await-step.js';
import { checkFn, checkOnError } from './checks.js';
import type { Frame } from '../interpreter/frame.js';

/** Where added steps go: a step's sub-steps, or a root's level-0 steps. */
export interface StepTarget {
  /** How the API is called in messages: `as` or `AsyncSteps`. */
  readonly _api: string;
  /** May steps be added now? Throws when not (or, for a late call the typed DSL ignores, gives false). */
  _open(method: string): boolean;
  /** Appends a node. */
  _push(node: GraphNode): void;
  /** Have steps been added already? */
  _hasSteps(): boolean;
  /** `successStep` before any step: the input of the first one. */
  _setFirstArgs(args: readonly unknown[]): void;
}

/** The step handler check, naming `as.<method>` or `AsyncSteps.<method>` only when it fails. */
function checkStepFn(t: StepTarget, method: string, fn: unknown): void {
  if (typeof fn !== 'function') checkFn(`${t._api}.${method}`, fn);
}

function checkStepOnError(t: StepTarget, method: string, onerror: unknown): void {
  if (onerror !== undefined && onerror !== null && typeof onerror !== 'function') checkOnError(`${t._api}.${method}`, onerror);
}

/** `add(fn, onerror)`. */
export function addStep(t: StepTarget, fn: unknown, onerror: unknown): void {
  if (!t._open('add')) return;
  checkStepFn(t, 'add', fn);
  checkStepOnError(t, 'add', onerror);
  t._push(runStepNode(fn as AnyHandler, (onerror ?? undefined) as AnyHandler | undefined));
}

/** Any step handler, whichever `as` type it is written against (a frame is a valid `as` for all). */
type AnyStepFn = (as: never, ...args: any[]) => unknown;

/** The branches of an FTN12 `parallel()` under construction. */
export class ParallelSteps implements ParallelBuilder {
  readonly branches: GraphNode[] = [];
  started = false;

  add(fn: AnyStepFn, onerror?: (as: never, code: string) => unknown): this {
    checkFn('as.parallel().add', fn);
    checkOnError('as.parallel().add', onerror);
    if (this.started) throw new FlowError(Errors.InternalError, 'parallel().add() after the parallel step started');
    this.branches.push(runStepNode(fn as AnyHandler, (onerror ?? undefined) as AnyHandler | undefined));
    return this;
  }
}

/** `parallel(onerror)`: a launcher step that adds the parallel node of the branches given by then. */
export function addParallel(t: StepTarget, onerror: unknown): ParallelSteps {
  const builder = new ParallelSteps();
  if (!t._open('parallel')) return builder;
  checkStepOnError(t, 'parallel', onerror);
  const launch = (as: Frame): void => {
    builder.started = true;
    as.addSubStep(runParallelNode(builder.branches));
  };
  t._push(runStepNode(launch, (onerror ?? undefined) as AnyHandler | undefined));
  return builder;
}

/** `sync(primitive, fn, onerror)`: the primitive adds its own steps (FTN12 §1.11.3). */
export function addSync(t: StepTarget & StepApiLike, primitive: unknown, fn: unknown, onerror: unknown): void {
  if (!t._open('sync')) return;
  if (primitive === null || typeof primitive !== 'object' || typeof (primitive as SyncPrimitive).sync !== 'function') {
    throw new TypeError(`${t._api}.sync(): the first argument must implement sync(as, step, onerror)`);
  }
  checkStepFn(t, 'sync', fn);
  checkStepOnError(t, 'sync', onerror);
  (primitive as SyncPrimitive).sync(t, fn as ExecuteCallback, (onerror ?? undefined) as ErrorCallback | undefined);
}

/** What a sync primitive calls back on: the target's own `add`. */
interface StepApiLike {
  add(fn: ExecuteCallback, onerror?: ErrorCallback): unknown;
}

/** `loop(fn, label)`, `repeat(count, fn, label)` and `forEach(collection, fn, label)`. */
export function addLoop(t: StepTarget, kind: LoopKind, fn: unknown, label: string | undefined, extra: { count?: number; collection?: unknown }): void {
  if (!t._open(kind)) return;
  checkStepFn(t, kind, fn);
  if (label !== undefined && label !== null && typeof label !== 'string') throw new TypeError(`${t._api}.${kind}(): the label must be a string, got ${describe(label)}`);
  const count = extra.count;
  // As in the reference implementation, a count runs `for (i = 0; i < count; i++)`: only what is not a number is refused.
  if (kind === 'repeat' && (typeof count !== 'number' || Number.isNaN(count))) throw new TypeError(`${t._api}.repeat(): the count must be a number, got ${describe(count)}`);
  const collection = extra.collection;
  if (kind === 'forEach' && (collection === null || (typeof collection !== 'object' && typeof collection !== 'string'))) {
    throw new TypeError(`${t._api}.forEach(): the collection must be an array, a Map, an object or an iterable, got ${describe(collection)}`);
  }
  t._push(runLoopNode(kind, runStepNode(fn as AnyHandler, undefined), label, extra.count, kind === 'forEach' ? () => collection : undefined));
}

/** `successStep(...args)`: the next step's input (before any step: the first one's). */
export function addSuccessStep(t: StepTarget, args: readonly unknown[]): void {
  if (!t._open('successStep')) return;
  if (t._hasSteps()) t._push(runValueNode(args));
  else t._setFirstArgs(args);
}

/** `await(promise, onerror)`: a step that waits for the promise (its handlers are attached at once). */
export function addAwait(t: StepTarget, promise: unknown, onerror: unknown): void {
  if (!t._open('await')) return;
  if (!isThenable(promise)) throw new TypeError(`${t._api}.await(): expected a promise or thenable, got ${promise === null ? 'null' : typeof promise}`);
  checkStepOnError(t, 'await', onerror);
  t._push(awaitStep(promise, (onerror ?? undefined) as AnyHandler | undefined));
}
