/**
 * `as.key()`: a stable idempotency key for one attempt of one step. It is
 * built from the run's id, the step's node id in the run's graph, the
 * positions of the branches and iterations it is in, and the attempts of
 * the retries around it, so it is the same when the step runs again after a
 * restart and different on every retry, iteration and branch.
 */
import { nodeIds } from '../../graph/node-ids.js';
import type { Frame } from '../interpreter/frame.js';
import { labelOf } from '../interpreter/names.js';
import { behaviourOf } from '../interpreter/dispatch.js';

/** The idempotency key of the frame's step attempt. */
export function stepKey(f: Frame): string {
  const run = f.thread.run;
  const id = run.graph === null ? undefined : nodeIds(run.graph).get(f.node);
  const where: string[] = [];
  for (let g: Frame | null = f; g !== null; g = g.parent) {
    const p = g.parent;
    if (p === null) break;
    if (p.node.kind === 'retry') where.push(`try${String(p.data)}`);
    const b = behaviourOf(p.node);
    const at = b.position?.(p, p.node, g);
    if (at !== undefined) where.push(at);
  }
  return `${run.id}:${id ?? labelOf(f)}${where.length > 0 ? `:${where.reverse().join('/')}` : ''}`;
}
