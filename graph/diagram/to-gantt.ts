/** Rendering a run's trace spans as a Mermaid gantt timeline. */
import type { TraceSpan } from '../../typings/trace.js';

function label(span: TraceSpan): string {
  const text = span.name ?? `node ${span.node}`;
  // Gantt task names end at ':' and comments start at '%%'; keep them plain.
  return text.replace(/[:;#%]/g, ' ').replace(/\s+/g, ' ').trim() || `node ${span.node}`;
}

/** Failed with `Timeout`, or cancelled by an enclosing scope that timed out. */
function timedOut(span: TraceSpan, byNumber: ReadonlyMap<number, TraceSpan>): boolean {
  if (span.status === 'failed') return span.error?.code === 'Timeout';
  if (span.status !== 'cancelled') return false;
  let up = span.parentSpan === undefined ? undefined : byNumber.get(span.parentSpan);
  for (let hops = 0; up !== undefined && hops < 64; hops++) {
    if (up.status === 'failed' && up.error?.code === 'Timeout') return true;
    if (up.status !== 'failed' && up.status !== 'cancelled') return false;
    up = up.parentSpan === undefined ? undefined : byNumber.get(up.parentSpan);
  }
  return false;
}

const TAGS: Record<TraceSpan['status'], string> = {
  succeeded: 'done, ',
  failed: 'crit, ',
  cancelled: 'active, ',
  running: 'active, ',
};

/**
 * Renders trace spans as a Mermaid `gantt` chart: one task per span (named
 * spans only, unless `all`), times relative to the first span in ms, done /
 * crit (failed) / active (cancelled or still running) markers, one section
 * per top-level path element. A span that timed out (or was cancelled by an
 * enclosing timeout) is marked crit and named `(timed out)`; a step run
 * again at the same place (a retry) is named `(attempt 2)`, `(attempt 3)`….
 * @example
 * ```ts
 * const trace = createTrace();
 * await run(checkout, order, { onEvent: trace.onEvent });
 * writeFileSync('timeline.mmd', toGantt(trace.spans(), 'checkout run'));
 * ```
 * @public
 */
export function toGantt(spans: readonly TraceSpan[], title = 'flow run', options: { readonly all?: boolean } = {}): string {
  const shown = spans.filter((s) => options.all === true || s.name !== undefined);
  if (shown.length === 0) return `gantt\n  title ${title.replace(/[\n:;#%]/g, ' ')}\n  dateFormat x\n`;
  // A loop, not a spread: a spread of every span's time grows the stack with the trace.
  let origin = Infinity;
  let last = -Infinity;
  for (const s of shown) {
    origin = Math.min(origin, s.start);
    last = Math.max(last, s.end ?? s.start);
  }
  const lines = ['gantt', `  title ${title.replace(/[\n:;#%]/g, ' ')}`, '  dateFormat x', '  axisFormat %S.%L s'];
  const byNumber = new Map<number, TraceSpan>();
  for (const s of spans) byNumber.set(s.span, s);
  const runs = new Map<string, number>();
  const notes = new Map<TraceSpan, string>();
  for (const s of shown) {
    const key = `${s.node}|${s.label ?? s.path.join('>')}`;
    const n = (runs.get(key) ?? 0) + 1;
    runs.set(key, n);
    const out = timedOut(s, byNumber);
    const note = [...(n > 1 ? [`attempt ${n}`] : []), ...(out ? ['timed out'] : [])];
    if (note.length > 0) notes.set(s, ` (${note.join(', ')})`);
  }
  const sections = new Map<string, TraceSpan[]>();
  for (const s of shown) {
    const section = s.path[0] ?? s.name ?? 'run';
    const list = sections.get(section) ?? [];
    list.push(s);
    sections.set(section, list);
  }
  for (const [section, list] of sections) {
    lines.push(`  section ${section.replace(/[\n:;#%]/g, ' ')}`);
    for (const s of list) {
      const start = Math.round(s.start - origin);
      const end = Math.max(start + 1, Math.round((s.end ?? last) - origin));
      const retries = s.retries > 0 ? ` (${s.retries} retries)` : '';
      const tag = notes.get(s)?.includes('timed out') ? 'crit, ' : TAGS[s.status];
      lines.push(`  ${label(s)}${notes.get(s) ?? ''}${retries} :${tag}s${s.span}, ${start}, ${end}`);
    }
  }
  return lines.join('\n') + '\n';
}
