/** Rendering a run's trace spans as a Mermaid gantt timeline. */
import type { TraceSpan } from '../../typings/trace.js';

function label(span: TraceSpan): string {
  const text = span.name ?? `node ${span.node}`;
  // Gantt task names end at ':' and comments start at '%%'; keep them plain.
  return text.replace(/[:;#%]/g, ' ').replace(/\s+/g, ' ').trim() || `node ${span.node}`;
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
 * per top-level path element.
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
  const origin = Math.min(...shown.map((s) => s.start));
  const last = Math.max(...shown.map((s) => s.end ?? s.start));
  const lines = ['gantt', `  title ${title.replace(/[\n:;#%]/g, ' ')}`, '  dateFormat x', '  axisFormat %S.%L s'];
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
      lines.push(`  ${label(s)}${retries} :${TAGS[s.status]}s${s.span}, ${start}, ${end}`);
    }
  }
  return lines.join('\n') + '\n';
}
