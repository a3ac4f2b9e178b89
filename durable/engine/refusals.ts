/**
 * What a durable run refuses before it starts, where the graph tells: the
 * constructs a checkpoint cannot keep. Refused with an error naming the
 * node's place in the flow; what only the running flow can show (a value
 * that is not JSON, a loop over an async iterable, `as.run`) fails the run
 * with an error naming the step when it happens.
 */
import type { GraphNode } from '../../graph/nodes/node.js';
import { walkGraph } from '../../graph/visitor.js';

function refusal(node: GraphNode): string | undefined {
  if (node.kind === 'sync') return 'a Mutex, Throttle or Limiter section (process-local state a checkpoint cannot keep)';
  if (node.kind === 'slot') return `the template slot "${node.name}" is not filled`;
  if ('style' in node && node.style === 'ftn12') return 'FTN12 steps (they add steps while the run runs): write the flow with flow()';
  return undefined;
}

/** Throws a TypeError naming every construct of `root` a durable run cannot hold. */
export function checkDurableGraph(root: GraphNode, flowName: string): void {
  const problems: string[] = [];
  walkGraph(root, (node, path) => {
    const why = refusal(node);
    if (why !== undefined) problems.push(`${path.length === 0 ? '(root)' : path.join(' > ')}: ${why}`);
  });
  if (problems.length > 0) throw new TypeError(`the flow "${flowName}" cannot run durably:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
