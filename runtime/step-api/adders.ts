/**
 * What FTN12 `parallel()` and the loop calls add: shared by the root
 * (`AsyncSteps`) and the step API, so both build identical graph nodes.
 */
import type { AnyHandler } from '../../graph/nodes/handler.js';
import { loopNode, type LoopKind } from '../../graph/nodes/loop-node.js';
import type { GraphNode } from '../../graph/nodes/node.js';
import { runParallelNode } from '../../graph/nodes/parallel-node.js';
import { runStepNode, stepNode } from '../../graph/nodes/step-node.js';
import { Errors, FlowError } from '../errors.js';
import type { StepApi } from './step-frame.js';
import { checkFn, checkOnError } from './checks.js';

/**
 * An FTN12 step handler: `(as, ...args) => void`.
 * @example
 * ```ts
 * const step: ExecuteCallback = (as, n: number) => as.success(n + 1);
 * ```
 * @public
 */
export type ExecuteCallback = (as: StepApi, ...args: any[]) => unknown;
/**
 * An FTN12 error handler: `(as, code) => void`.
 * @example
 * ```ts
 * const onerror: ErrorCallback = (as, code) => { if (code === 'Timeout') as.success(null); };
 * ```
 * @public
 */
export type ErrorCallback = (as: StepApi, code: string) => unknown;

/**
 * An FTN12 `parallel()` step under construction: branches are added until
 * the step runs; each branch runs as a separate flow.
 * @example
 * ```ts
 * as.parallel().add((as) => loadA(as)).add((as) => loadB(as));
 * ```
 * @public
 */
export class ParallelBuilder {
  /** @internal */ readonly _branches: GraphNode[] = [];
  /** @internal */ _frozen = false;

  /** Adds a branch, run as a separate flow. */
  add(fn: ExecuteCallback, onerror?: ErrorCallback): this {
    checkFn('as.parallel().add', fn);
    checkOnError('as.parallel().add', onerror);
    if (this._frozen) throw new FlowError(Errors.InternalError, 'parallel().add() after the parallel step started');
    this._branches.push(runStepNode(fn, onerror ?? undefined));
    return this;
  }
}

/** Adds the launcher step of an FTN12 parallel block to `push`. */
export function addParallel(push: (node: GraphNode) => void, onerror: ErrorCallback | undefined): ParallelBuilder {
  const builder = new ParallelBuilder();
  push(
    runStepNode(
      (as: StepApi) => {
        builder._frozen = true;
        as._spliceNode(runParallelNode(builder._branches));
      },
      onerror ?? undefined,
    ),
  );
  return builder;
}

/** Builds the graph node of an FTN12 loop call. */
export function ftn12Loop(kind: LoopKind, fn: AnyHandler, label: string | undefined, extra: { count?: number; collection?: unknown }): GraphNode {
  const body = stepNode(fn, undefined, 'ftn12');
  const collection = extra.collection;
  return loopNode(kind, body, {
    label,
    ...(extra.count === undefined ? {} : { count: extra.count }),
    ...(kind === 'forEach' ? { select: () => collection } : {}),
    style: 'ftn12',
  });
}
