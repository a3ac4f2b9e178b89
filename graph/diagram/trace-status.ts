/**
 * What a run trace says about each graph node: the status its last event
 * left it in, keyed by the node ids of run events.
 */

/**
 * A run event as `toMermaid` reads it: `type` and the stable node id. The
 * events `run(flow, input, { onEvent })` delivers fit.
 * @example
 * ```ts
 * const trace: TraceEvent[] = [];
 * await run(checkout, order, { onEvent: (e) => trace.push(e) });
 * ```
 * @public
 */
export interface TraceEvent {
  /** `start`, `success`, `error`, `cancel` or `retry`; other types are ignored. */
  readonly type: string;
  /** The stable node id (`0`, `0.1`, `0.1.2` …) of the node the event is about. */
  readonly node: string;
}

/** How far a node got in a traced run. */
export type NodeStatus = 'succeeded' | 'failed' | 'cancelled' | 'started' | 'notReached';

const AFTER: Readonly<Record<string, NodeStatus>> = { start: 'started', success: 'succeeded', error: 'failed', cancel: 'cancelled' };

/** The status of every node id that has events: the one its last event left it in. */
export function traceStatuses(trace: readonly TraceEvent[]): ReadonlyMap<string, NodeStatus> {
  const out = new Map<string, NodeStatus>();
  for (const event of trace) {
    if (event === null || typeof event !== 'object' || typeof event.node !== 'string') continue;
    const status = Object.hasOwn(AFTER, event.type) ? AFTER[event.type] : undefined;
    if (status !== undefined) out.set(event.node, status);
  }
  return out;
}

/** The class definitions of the statuses, for `classDef`. */
export const STATUS_STYLES: Readonly<Record<NodeStatus, string>> = {
  succeeded: 'fill:#d9f2d9,stroke:#2e7d32,color:#1b5e20',
  failed: 'fill:#fbe0dd,stroke:#c62828,color:#b71c1c',
  cancelled: 'fill:#fff1c7,stroke:#b8860b,color:#6d4c00',
  started: 'fill:#dde9fb,stroke:#1565c0,color:#0d3c7a',
  notReached: 'fill:#f2f2f2,stroke:#9e9e9e,color:#9e9e9e,stroke-dasharray:4 3',
};
