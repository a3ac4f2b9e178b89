/**
 * Page code (runs in the browser, embedded by its source text): the run
 * timeline, one row per span in tree order, a bar from its start to its end
 * coloured by outcome; a timed-out attempt is hatched red and says so,
 * the retry that followed names its attempt, retry decisions are ticks on
 * the retry's row. It must not refer to anything outside its own body.
 */
import type { ClientDom } from './client-dom.js';
import type { InspectData } from './inspect-model.js';

/** Draws the timeline into `root`; returns `select(box)` to highlight a box's rows. */
export function clientTimeline(dom: ClientDom, data: InspectData, root: HTMLElement) {
  const { el, ms, statusWord } = dom;
  const rows: HTMLElement[] = [];
  let selected: HTMLElement[] = [];
  if (data.spans.length === 0) {
    root.append(el('p', 'note', data.traced ? 'The trace has no spans.' : 'No run trace: toHtml(flow, trace) draws a timeline of the run.'));
    return { select: (_box: number): void => undefined };
  }
  let total = 0;
  for (const s of data.spans) total = Math.max(total, s.end ?? s.start);
  const span = total > 0 ? total : 1;
  const pct = (t: number): string => `${(t / span) * 100}%`;
  const scale = el('div', 'scale');
  const ticks = el('div', 'ticks');
  for (let q = 0; q <= 4; q++) {
    const t = el('span', undefined, ms((total * q) / 4));
    t.style.left = pct((total * q) / 4);
    ticks.append(t);
  }
  scale.append(el('div', undefined, 'step'), ticks);
  const frag = document.createDocumentFragment();
  frag.append(scale);
  const byBox = new Map<number, HTMLElement[]>();
  for (const i of data.order) {
    const s = data.spans[i]!;
    const row = el('div', `trow st-${s.status}`);
    row.dataset.span = String(i);
    row.dataset.node = s.node;
    row.dataset.status = s.status;
    const attempt = s.attempt !== undefined && (s.attempts ?? 0) > 1;
    const name = `${s.title}${attempt ? ` · attempt ${s.attempt}/${s.attempts}` : ''}`;
    const label = el('div', 'tlabel', name);
    label.style.paddingLeft = `${Math.min(s.depth, 30) * 10}px`;
    label.title = s.label;
    const track = el('div', 'track');
    const end = s.end ?? total;
    const bar = el('div', `bar st-${s.status}`);
    if (s.timedOut === true) bar.classList.add('timedout');
    if (attempt && (s.attempt ?? 1) > 1) bar.classList.add('retried');
    bar.style.left = pct(s.start);
    bar.style.width = pct(Math.max(0, end - s.start));
    const what = s.timedOut === true ? 'timed out' : s.status === 'succeeded' ? '' : statusWord(s.status);
    bar.append(el('span', 'btext', `${what}${what === '' ? '' : ' '}${s.end === undefined ? '' : ms(s.end - s.start)}`));
    bar.title = `${s.label}: ${s.timedOut === true ? 'timed out' : statusWord(s.status)}${s.error === undefined ? '' : ` (${s.error.code})`}`;
    track.append(bar);
    for (const t of s.retryTimes ?? []) {
      const tick = el('div', 'tick');
      tick.style.left = pct(t);
      tick.title = `retry at ${ms(t)}`;
      track.append(tick);
    }
    row.append(label, track);
    frag.append(row);
    rows.push(row);
    if (s.box >= 0) {
      const list = byBox.get(s.box);
      if (list === undefined) byBox.set(s.box, [row]);
      else list.push(row);
    }
  }
  root.append(frag);
  const select = (box: number): void => {
    for (const r of selected) r.classList.remove('selected');
    selected = byBox.get(box) ?? [];
    for (const r of selected) r.classList.add('selected');
  };
  return { select };
}
