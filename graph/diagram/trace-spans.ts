/**
 * A run trace as diagrams read it: run events (or spans already folded from
 * them) become one span per node execution, with its parent span, outcome,
 * error and the times its retries happened.
 */

/** The error of a span as diagrams show it. */
export interface SpanError {
  readonly code: string;
  readonly message: string;
  readonly info: unknown;
}

/** One execution of a node, as the diagrams read it. */
export interface RunSpan {
  readonly span: number;
  readonly parentSpan: number | undefined;
  readonly node: string;
  readonly name: string | undefined;
  readonly label: string | undefined;
  readonly start: number;
  end: number | undefined;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  error: SpanError | undefined;
  retries: number;
  /** When each retry was decided (events only; spans do not keep them). */
  readonly retryTimes: number[];
  readonly input: unknown;
  output: unknown;
}

type Rec = Readonly<Record<string, unknown>>;

const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object';
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads an error-like value: a FlowError, or anything with a code or message. */
export function spanError(e: unknown): SpanError | undefined {
  if (!isRec(e)) return undefined;
  let message: unknown;
  try {
    message = e.message;
  } catch {
    message = undefined;
  }
  return { code: str(e.code) ?? 'Error', message: str(message) ?? '', info: e.info };
}

const STATUSES = new Set(['running', 'succeeded', 'failed', 'cancelled']);

/**
 * Folds a trace into spans: `start` opens one, `success`/`error`/`cancel`
 * close it, `retry` counts one. Entries that already are spans (`start` and
 * `status` fields) are taken as they are. Events without a span number get
 * one per `start` of their node. `who` names the caller in errors.
 */
export function traceSpans(trace: readonly unknown[], who: string): RunSpan[] {
  const out: RunSpan[] = [];
  const byNumber = new Map<number, RunSpan>();
  const lastOfNode = new Map<string, RunSpan>();
  let synthetic = -1;
  trace.forEach((entry, i) => {
    if (!isRec(entry) || typeof entry.node !== 'string') throw new TypeError(`${who}: trace[${i}] is neither a run event nor a trace span (no node id)`);
    const node = entry.node;
    if (typeof entry.status === 'string' && num(entry.start) !== undefined) {
      if (!STATUSES.has(entry.status)) throw new TypeError(`${who}: trace[${i}].status: ${JSON.stringify(entry.status)} is not a span status`);
      out.push({
        span: num(entry.span) ?? synthetic--,
        parentSpan: num(entry.parentSpan),
        node,
        name: str(entry.name),
        label: str(entry.label),
        start: num(entry.start)!,
        end: num(entry.end),
        status: entry.status as RunSpan['status'],
        error: spanError(entry.error),
        retries: num(entry.retries) ?? 0,
        retryTimes: [],
        input: entry.input,
        output: entry.output,
      });
      return;
    }
    const type = str(entry.type);
    const time = num(entry.time);
    if (type === undefined || time === undefined) throw new TypeError(`${who}: trace[${i}] is neither a run event (type, time) nor a trace span (start, status)`);
    const number = num(entry.span);
    let span = number === undefined ? (type === 'start' ? undefined : lastOfNode.get(node)) : byNumber.get(number);
    if (span === undefined) {
      span = {
        span: number ?? synthetic--,
        parentSpan: num(entry.parentSpan),
        node,
        name: str(entry.name),
        label: str(entry.label),
        start: time,
        end: undefined,
        status: 'running',
        error: undefined,
        retries: 0,
        retryTimes: [],
        input: entry.input,
        output: undefined,
      };
      byNumber.set(span.span, span);
      lastOfNode.set(node, span);
      out.push(span);
    }
    switch (type) {
      case 'success':
        span.status = 'succeeded';
        span.end = time;
        span.output = entry.output;
        break;
      case 'error':
        span.status = 'failed';
        span.end = time;
        span.error = spanError(entry.error);
        break;
      case 'cancel':
        span.status = 'cancelled';
        span.end = time;
        break;
      case 'retry':
        span.retries++;
        span.retryTimes.push(time);
        break;
    }
  });
  return out;
}
