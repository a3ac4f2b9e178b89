/**
 * Where a hosted run is: the steps that started and have not finished yet,
 * kept from the run's own events, so a close report can name the step a
 * run was in when it did not settle.
 */
import type { FlowEvent } from '../typings/events.js';

/**
 * A step a hosted run was in: the last started step that had not finished.
 * @example
 * ```ts
 * const at: StepPosition | undefined = report.unsettled[0]?.step;
 * console.log(at?.label); // 'checkout > pay > charge'
 * ```
 * @public
 */
export interface StepPosition {
  /** The step's place in words (`checkout > pay > [1] > charge`), as run events label it. */
  readonly label: string;
  /** The step's own name, if it has one. */
  readonly name?: string;
  /** The stable id of its graph node. */
  readonly node: string;
  /** Names of the enclosing named steps and flows, outermost first. */
  readonly path: readonly string[];
  /** How long the step had been running, in ms of the run's clock. */
  readonly runningMs: number;
}

/** The open spans of one run, in the order they started. */
export class OpenSteps {
  private readonly open = new Map<number, FlowEvent>();

  /** The run's event listener: opens a span on start, closes it on success, error or cancel. */
  readonly listen = (e: FlowEvent): void => {
    if (e.type === 'start') this.open.set(e.span, e);
    else if (e.type === 'success' || e.type === 'error' || e.type === 'cancel') this.open.delete(e.span);
  };

  /** The last started step that has not finished, if any. */
  current(now: number): StepPosition | undefined {
    let last: FlowEvent | undefined;
    for (const e of this.open.values()) last = e;
    if (last === undefined) return undefined;
    const at: { -readonly [K in keyof StepPosition]: StepPosition[K] } = {
      label: last.label ?? last.name ?? last.node,
      node: last.node,
      path: last.path,
      runningMs: Math.max(0, now - last.time),
    };
    if (last.name !== undefined) at.name = last.name;
    return Object.freeze(at);
  }
}
