/** Rendering trace spans, of one run or of several, as a Mermaid gantt timeline. */
import type { TraceSpan } from '../../typings/trace.js';
import { checkGanttArgs } from './gantt-input.js';
import { ganttTask, ganttText } from './gantt-text.js';

/** Span numbers start again in every run: a span is known by its run and its number. */
const keyOf = (run: string, span: number): string => `${run}\u0000${span}`;

/** Failed with `Timeout`, or cancelled by an enclosing scope (of its own run) that timed out. */
function timedOut(span: TraceSpan, byKey: ReadonlyMap<string, TraceSpan>): boolean {
  if (span.status === 'failed') return span.error?.code === 'Timeout';
  if (span.status !== 'cancelled') return false;
  const parent = (s: TraceSpan): TraceSpan | undefined => (s.parentSpan === undefined ? undefined : byKey.get(keyOf(s.run, s.parentSpan)));
  let up = parent(span);
  for (let hops = 0; up !== undefined && hops < 64; hops++) {
    if (up.status === 'failed' && up.error?.code === 'Timeout') return true;
    if (up.status !== 'failed' && up.status !== 'cancelled') return false;
    up = parent(up);
  }
  return false;
}

const TAGS: Record<TraceSpan['status'], string> = {
  succeeded: 'done, ',
  failed: 'crit, ',
  cancelled: 'active, ',
  running: 'active, ',
};

/** `(attempt n)` for a step run again at the same place in its run, `(timed out)`, or both. */
function notesOf(shown: readonly TraceSpan[], spans: readonly TraceSpan[]): Map<TraceSpan, string> {
  const byKey = new Map<string, TraceSpan>();
  for (const s of spans) byKey.set(keyOf(s.run, s.span), s);
  const attempts = new Map<string, number>();
  const notes = new Map<TraceSpan, string>();
  for (const s of shown) {
    const place = `${s.run}\u0000${s.node}\u0000${s.label ?? s.path.join('>')}`;
    const n = (attempts.get(place) ?? 0) + 1;
    attempts.set(place, n);
    const note = [...(n > 1 ? [`attempt ${n}`] : []), ...(timedOut(s, byKey) ? ['timed out'] : [])];
    if (note.length > 0) notes.set(s, ` (${note.join(', ')})`);
  }
  return notes;
}

/**
 * Renders trace spans as a Mermaid `gantt` chart: one task per span (named
 * spans only, unless `all`), times relative to the first span in ms, done /
 * crit (failed) / active (cancelled or still running) markers, one section
 * per top-level path element. A span that timed out (or was cancelled by an
 * enclosing timeout) is marked crit and named `(timed out)`; a step run
 * again at the same place (a retry) is named `(attempt 2)`, `(attempt 3)`….
 * Spans of several runs (one trace serving many) are told apart by run: each
 * run has its own sections, named `(run <id>)`, and task ids `r<n>s<span>`.
 * Names are written so that none is read as a gantt keyword or comment
 * (special characters as `#code;` entities, on one line). Anything but an
 * array of trace spans is refused with a TypeError.
 * @example
 * ```ts
 * const trace = createTrace();
 * await run(checkout, order, { onEvent: trace.onEvent });
 * writeFileSync('timeline.mmd', toGantt(trace.spans(), 'checkout run'));
 * ```
 * @public
 */
export function toGantt(spans: readonly TraceSpan[], title = 'flow run', options: { readonly all?: boolean } = {}): string {
  checkGanttArgs(spans, title, options);
  const head = ['gantt', ...(ganttText(title, '') === '' ? [] : [`  title ${ganttText(title, '')}`]), '  dateFormat x'];
  const shown = spans.filter((s) => options.all === true || s.name !== undefined);
  if (shown.length === 0) return head.join('\n') + '\n';
  // A loop, not a spread: a spread of every span's time grows the stack with the trace.
  let origin = Infinity;
  let last = -Infinity;
  const runs = new Map<string, number>();
  for (const s of shown) {
    origin = Math.min(origin, s.start);
    last = Math.max(last, s.end ?? s.start);
    if (!runs.has(s.run)) runs.set(s.run, runs.size + 1);
  }
  const several = runs.size > 1;
  const lines = [...head, '  axisFormat %S.%L s'];
  const notes = notesOf(shown, spans);
  const sections = new Map<string, { readonly name: string; readonly list: TraceSpan[] }>();
  for (const s of shown) {
    const top = ganttText(s.path[0] ?? s.name ?? '', 'run');
    const key = several ? `${s.run}\u0000${top}` : top;
    let section = sections.get(key);
    if (section === undefined) {
      section = { name: several ? `${top} (run ${ganttText(s.run, '?')})` : top, list: [] };
      sections.set(key, section);
    }
    section.list.push(s);
  }
  for (const { name, list } of sections.values()) {
    lines.push(`  section ${name}`);
    for (const s of list) {
      const start = Math.round(s.start - origin);
      const end = Math.max(start + 1, Math.round((s.end ?? last) - origin));
      const retries = s.retries > 0 ? ` (${s.retries} retries)` : '';
      const note = notes.get(s) ?? '';
      const tag = note.includes('timed out') ? 'crit, ' : TAGS[s.status];
      const id = several ? `r${runs.get(s.run)}s${s.span}` : `s${s.span}`;
      lines.push(`  ${ganttTask(s.name ?? '', `node ${s.node}`)}${note}${retries} :${tag}${id}, ${start}, ${end}`);
    }
  }
  return lines.join('\n') + '\n';
}
