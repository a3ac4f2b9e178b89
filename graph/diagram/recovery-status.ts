/**
 * How far the recovery path got in a traced run: whether a `catch` or
 * `finally` handler ran, and how it ended. Handlers have no events of their
 * own, so this is read off the spans around them: a catch handler runs when
 * a direct child of its catch span failed with a code it catches (and steps
 * the handler added carry the catch node's id before `>`); a finally
 * handler runs once its scope has ended.
 */
import type { RunSpan } from './trace-spans.js';

/** The outcome of a handler on the recovery path (`notReached`: it never ran). */
export type HandlerStatus = 'succeeded' | 'failed' | 'cancelled' | 'running' | 'notReached';

/** A catch or finally node as the recovery reader needs it. */
export interface RecoveryNode {
  readonly kind: 'catch' | 'finally';
  /** The node id. */
  readonly id: string;
  /** The codes a catch handles (undefined: every error). */
  readonly codes?: readonly string[] | undefined;
}

/** What a handler did over all executions of its node. */
export interface HandlerRun {
  /** The outcome of its last run, or `notReached`. */
  readonly status: HandlerStatus;
  /** How many times it ran. */
  readonly runs: number;
  /** The spans of its node in which it ran. */
  readonly spans: readonly RunSpan[];
}

/** The spans of a trace grouped by parent span number. */
export function childSpans(spans: readonly RunSpan[]): ReadonlyMap<number, readonly RunSpan[]> {
  const out = new Map<number, RunSpan[]>();
  for (const s of spans) {
    if (s.parentSpan === undefined) continue;
    const list = out.get(s.parentSpan);
    if (list === undefined) out.set(s.parentSpan, [s]);
    else list.push(s);
  }
  return out;
}

const same = (a: RunSpan['error'], b: RunSpan['error']): boolean => a !== undefined && b !== undefined && a.code === b.code && a.message === b.message;

function catchRan(node: RecoveryNode, span: RunSpan, kids: readonly RunSpan[]): boolean {
  const added = `${node.id}>`;
  let failed: RunSpan | undefined;
  for (const k of kids) {
    if (k.node.startsWith(added)) return true; // the handler added sub-steps
    if (k.status === 'failed') failed = k;
  }
  if (failed === undefined) return false;
  const code = failed.error?.code;
  return node.codes === undefined || (code !== undefined && node.codes.includes(code)) || (span.status === 'succeeded' && code === undefined);
}

function runOf(node: RecoveryNode, span: RunSpan, kids: readonly RunSpan[]): HandlerStatus | undefined {
  if (node.kind === 'catch') {
    if (!catchRan(node, span, kids)) return undefined;
    return span.status;
  }
  if (span.status === 'running') return kids.some((k) => k.status === 'running') ? undefined : 'running';
  if (span.status !== 'failed') return 'succeeded';
  // A finally scope that failed with an error its body did not raise: the handler threw.
  const bodyFailure = [...kids].reverse().find((k) => k.status === 'failed');
  return bodyFailure !== undefined && same(bodyFailure.error, span.error) ? 'succeeded' : 'failed';
}

/**
 * The handler outcome of every catch and finally node, by node id.
 * `bySpan` is {@link childSpans} of the same spans.
 */
export function recoveryStatuses(
  nodes: Iterable<RecoveryNode>,
  spans: readonly RunSpan[],
  bySpan: ReadonlyMap<number, readonly RunSpan[]> = childSpans(spans),
): ReadonlyMap<string, HandlerRun> {
  const wanted = new Map<string, RecoveryNode>();
  for (const n of nodes) wanted.set(n.id, n);
  const runs = new Map<string, { status: HandlerStatus; runs: number; spans: RunSpan[] }>();
  for (const n of wanted.values()) runs.set(n.id, { status: 'notReached', runs: 0, spans: [] });
  for (const span of spans) {
    const node = wanted.get(span.node);
    if (node === undefined) continue;
    const status = runOf(node, span, bySpan.get(span.span) ?? []);
    if (status === undefined) continue;
    const run = runs.get(node.id)!;
    run.status = status;
    run.runs++;
    run.spans.push(span);
  }
  return runs;
}
