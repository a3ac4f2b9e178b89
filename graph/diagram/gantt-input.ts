/** The arguments of `toGantt`, checked: a clear TypeError for anything that is not trace spans. */
import type { TraceSpan } from '../../typings/trace.js';

type Rec = Readonly<Record<string, unknown>>;

const STATUSES = new Set(['running', 'succeeded', 'failed', 'cancelled']);

const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object';
const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** A run event rather than a span: a `type` and a `time`, no `status`. */
const isEvent = (v: Rec): boolean => typeof v.type === 'string' && 'time' in v && !('status' in v);

/** What a value is, in a few words. */
function what(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'function') return 'a function';
  if (typeof v !== 'object') return `${typeof v} ${String(v)}`;
  if (isEvent(v as Rec)) return 'a run event';
  return 'an object';
}

/** The first field of a span that is not what TraceSpan says, with what it should be. */
function badField(s: Rec): [string, string] | undefined {
  if (typeof s.run !== 'string') return ['run', 'a string (the run id)'];
  if (!finite(s.span)) return ['span', 'a finite number'];
  if (s.parentSpan !== undefined && !finite(s.parentSpan)) return ['parentSpan', 'a finite number or undefined'];
  if (typeof s.node !== 'string') return ['node', 'a string (the node id)'];
  if (s.name !== undefined && typeof s.name !== 'string') return ['name', 'a string or undefined'];
  if (s.label !== undefined && typeof s.label !== 'string') return ['label', 'a string or undefined'];
  if (!Array.isArray(s.path) || !s.path.every((p) => typeof p === 'string')) return ['path', 'an array of strings'];
  if (!finite(s.start)) return ['start', 'a finite number'];
  if (s.end !== undefined && !finite(s.end)) return ['end', 'a finite number or undefined'];
  if (typeof s.status !== 'string' || !STATUSES.has(s.status)) return ['status', `one of ${[...STATUSES].join(', ')}`];
  if (s.error !== undefined && !isRec(s.error)) return ['error', 'an object or undefined'];
  if (!finite(s.retries) || (s.retries as number) < 0) return ['retries', 'a non-negative number'];
  return undefined;
}

const FROM = 'a TraceSpan (from trace.spans())';

/** Throws a TypeError naming the first argument of `toGantt` that is wrong. */
export function checkGanttArgs(spans: unknown, title: unknown, options: unknown): asserts spans is readonly TraceSpan[] {
  if (!Array.isArray(spans)) throw new TypeError(`toGantt(): spans must be an array of TraceSpan (from trace.spans()), got ${what(spans)}`);
  for (let i = 0; i < spans.length; i++) {
    const s: unknown = spans[i];
    if (!isRec(s) || Array.isArray(s) || isEvent(s)) {
      const hint = isRec(s) && isEvent(s) ? ' (spansOf(events) folds events into spans)' : '';
      throw new TypeError(`toGantt(): spans[${i}] must be ${FROM}, got ${what(s)}${hint}`);
    }
    const bad = badField(s);
    if (bad !== undefined) {
      const [field, should] = bad;
      const got = s[field];
      throw new TypeError(`toGantt(): spans[${i}].${field} must be ${should}, got ${typeof got === 'string' ? JSON.stringify(got.slice(0, 40)) : what(got)}`);
    }
  }
  if (typeof title !== 'string') throw new TypeError(`toGantt(): title must be a string, got ${what(title)}`);
  if (options !== undefined && (!isRec(options) || Array.isArray(options))) throw new TypeError(`toGantt(): options must be an object, got ${what(options)}`);
  const all = (options as Rec | undefined)?.all;
  if (all !== undefined && typeof all !== 'boolean') throw new TypeError(`toGantt(): options.all must be a boolean, got ${what(all)}`);
}
