/**
 * Page code (runs in the browser, embedded by its source text): the detail
 * panel of one step, one section per attempt (span) with its status,
 * duration, error and captured values. It must not refer to anything
 * outside its own body.
 */
import type { ClientDom } from './client-dom.js';
import type { InspectData, SpanData, ValueData } from './inspect-model.js';

/** Builds the panel in `root`; returns `show(box, span?)`. */
export function clientPanel(dom: ClientDom, data: InspectData, root: HTMLElement) {
  const { el, ms, pretty, statusWord } = dom;
  const MAX_SHOWN = 100;
  const row = (dl: HTMLElement, key: string, value: string, cls?: string): void => {
    dl.append(el('dt', undefined, key), el('dd', cls, value));
  };
  const value = (into: HTMLElement, what: string, v: ValueData | undefined): void => {
    if (v === undefined) return;
    into.append(el('div', 'detail', `${what}${v.truncated ? ` (cut; ${v.bytes} bytes in all)` : ''}`), el('pre', undefined, pretty(v.json, v.truncated)));
  };
  const attempt = (index: number, n: number, of: number, current: boolean): HTMLElement => {
    const s: SpanData = data.spans[index]!;
    const sec = el('section', `attempt st-${s.status}`);
    sec.dataset.span = String(index);
    if (current) sec.classList.add('current');
    const dur = s.end === undefined ? 'still running' : ms(s.end - s.start);
    const head = el('h3', undefined, `${of > 1 ? `Run ${n} of ${of}: ` : ''}`);
    head.append(el('span', `pill st-${s.status}`, s.timedOut === true ? 'timed out' : statusWord(s.status)), ` ${dur}`);
    sec.append(head);
    const dl = el('dl', 'kv');
    row(dl, 'where', s.label);
    row(dl, 'started', `at ${ms(s.start)}`);
    if (s.attempt !== undefined) row(dl, 'retry attempt', `${s.attempt} of ${s.attempts}`);
    if (s.retries !== undefined) row(dl, 'retries', String(s.retries));
    if (s.error !== undefined) {
      row(dl, 'error code', s.error.code, 'err');
      if (s.error.info !== '') row(dl, 'error info', s.error.info, 'err');
      if (s.error.message !== '') row(dl, 'message', s.error.message, 'err');
    }
    sec.append(dl);
    value(sec, 'input', s.input);
    value(sec, 'output', s.output);
    return sec;
  };
  const show = (boxIndex: number, spanIndex?: number): void => {
    const box = data.boxes[boxIndex];
    if (box === undefined) return;
    root.replaceChildren(el('h2', undefined, 'Step'));
    const head = el('div', 'head');
    head.append(el('span', 'title', box.title));
    if (box.status !== undefined) head.append(el('span', `pill st-${box.status}`, statusWord(box.status)));
    root.append(head);
    const dl = el('dl', 'kv');
    row(dl, 'kind', box.kind);
    if (box.id !== '') row(dl, 'node', box.id);
    if (box.of !== undefined) row(dl, 'handler of', box.of);
    if (box.detail !== undefined) row(dl, 'details', box.detail);
    root.append(dl);
    const spans = box.spans ?? [];
    if (!data.traced) root.append(el('p', 'note', 'No run trace: pass one to toHtml(flow, trace) to see attempts.'));
    else if (box.kind === 'on-error') root.append(el('p', 'note', 'An onError handler runs only when its step fails; a step it recovered looks like a success in the trace.'));
    else if (spans.length === 0) root.append(el('p', 'note', box.kind === 'sequence' ? 'Sequences have no events of their own.' : 'Not reached in this run.'));
    else if (box.kind === 'catch-handler' || box.kind === 'finally-handler') root.append(el('p', 'note', `Ran ${spans.length}×; below, the runs of its scope it ran in.`));
    // Many runs (a loop body): the first ones and the one picked.
    const shown = spans.length <= MAX_SHOWN ? spans : [...spans.slice(0, MAX_SHOWN), ...(spanIndex !== undefined && spans.indexOf(spanIndex) >= MAX_SHOWN ? [spanIndex] : [])];
    for (const i of shown) root.append(attempt(i, spans.indexOf(i) + 1, spans.length, i === spanIndex));
    if (shown.length < spans.length) root.append(el('p', 'note', `${spans.length - shown.length} more runs not listed.`));
    const current = root.querySelector('.current');
    if (current !== null) current.scrollIntoView({ block: 'nearest' });
  };
  return { show };
}
