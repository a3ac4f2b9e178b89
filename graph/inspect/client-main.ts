/**
 * Page code (runs in the browser, embedded by its source text): reads the
 * embedded JSON, draws the flow as nested boxes (from the flat list,
 * parents first, so nothing recurses), the summary, the timeline and the
 * panel, and wires clicks. It must not refer to anything outside its own
 * body; the other parts come in as arguments.
 */
import type { clientDom } from './client-dom.js';
import type { clientPanel } from './client-panel.js';
import type { clientTimeline } from './client-timeline.js';
import type { InspectData } from './inspect-model.js';

/** Starts the page. */
export function clientMain(makeDom: typeof clientDom, makePanel: typeof clientPanel, makeTimeline: typeof clientTimeline): void {
  const dom = makeDom();
  const { el, ms, statusWord } = dom;
  const source = document.getElementById('stepflow-data');
  const data = JSON.parse(source?.textContent ?? 'null') as InspectData;
  document.title = `${data.title} · stepflow inspector`;
  const header = document.getElementById('summary')!;
  header.append(el('h1', undefined, data.title));
  if (data.run !== undefined) {
    header.append(el('span', `pill st-${data.run.status}`, data.run.status === 'running' ? 'run still running' : `run ${statusWord(data.run.status)}`), el('span', undefined, `${ms(data.run.durationMs)} · ${data.run.spans} spans · ${data.events} trace entries`));
  } else header.append(el('span', 'note', data.traced ? 'empty trace' : 'flow only (no run trace)'));
  const legend = el('div', 'legend');
  for (const s of ['succeeded', 'failed', 'cancelled', 'running', 'notReached']) legend.append(el('span', `pill st-${s}`, statusWord(s)));
  legend.append(el('span', 'pill recovery', '↺ recovery path'));
  header.append(legend);

  const flowRoot = document.getElementById('flow')!;
  const boxes: HTMLElement[] = [];
  const kids: HTMLElement[] = [];
  data.boxes.forEach((b, i) => {
    const box = el('div', `box k-${b.kind}`);
    box.dataset.box = String(i);
    box.dataset.kind = b.kind;
    if (b.id !== '') box.dataset.node = b.id;
    if (b.of !== undefined) {
      box.dataset.recoveryOf = b.of;
      box.classList.add('recovery');
    }
    if (b.status !== undefined) {
      box.dataset.status = b.status;
      box.classList.add(`st-${b.status}`);
    }
    if (b.kind !== 'sequence') box.tabIndex = 0;
    const head = el('div', 'head');
    if (b.tag !== undefined) head.append(el('span', 'tag', b.tag));
    head.append(el('span', 'title', b.title));
    if (b.detail !== undefined) head.append(el('span', 'detail', b.detail));
    const runs = b.spans?.length ?? 0;
    if (b.kind === 'catch-handler' || b.kind === 'finally-handler') {
      if (runs > 0) head.append(el('span', 'badge', `ran ${runs}×`));
    } else if (runs > 1) head.append(el('span', 'badge', `${runs} runs`));
    if ((b.retries ?? 0) > 0) head.append(el('span', 'badge retries', `↻ ${b.retries} ${b.retries === 1 ? 'retry' : 'retries'}`));
    if ((b.timeouts ?? 0) > 0) head.append(el('span', 'badge timeout', `timed out${b.timeouts! > 1 ? ` ×${b.timeouts}` : ''}`));
    const inner = el('div', b.layout === 'row' ? 'kids row' : 'kids');
    box.append(head, inner);
    boxes.push(box);
    kids.push(inner);
    (b.parent >= 0 ? kids[b.parent]! : flowRoot).append(box);
  });

  const panel = makePanel(dom, data, document.getElementById('panel')!);
  const timeline = makeTimeline(dom, data, document.getElementById('timeline')!);
  let current: HTMLElement | undefined;
  const pick = (box: number, span?: number): void => {
    current?.classList.remove('selected');
    current = boxes[box];
    current?.classList.add('selected');
    panel.show(box, span);
    timeline.select(box);
  };
  const boxOf = (target: EventTarget | null): HTMLElement | null => (target instanceof Element ? target.closest<HTMLElement>('.box:not(.k-sequence)') : null);
  flowRoot.addEventListener('click', (e) => {
    const box = boxOf(e.target);
    if (box !== null) pick(Number(box.dataset.box));
  });
  flowRoot.addEventListener('keydown', (e) => {
    const box = boxOf(e.target);
    if (box !== null && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      pick(Number(box.dataset.box));
    }
  });
  document.getElementById('timeline')!.addEventListener('click', (e) => {
    const row = e.target instanceof Element ? e.target.closest<HTMLElement>('.trow') : null;
    if (row === null) return;
    const span = data.spans[Number(row.dataset.span)];
    if (span !== undefined && span.box >= 0) pick(span.box, Number(row.dataset.span));
  });
}
