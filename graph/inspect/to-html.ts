/**
 * The flow inspector: one self-contained HTML page (inline style and code,
 * no network) that draws a flow as nested boxes and, with a run trace,
 * colours them by outcome, draws the run's timeline and shows each step's
 * attempts with errors and captured values.
 */
import type { FlowEvent } from '../../typings/events.js';
import type { FlowDefinition } from '../../typings/flow-types.js';
import type { TraceSpan } from '../../typings/trace.js';
import { traceSpans } from '../diagram/trace-spans.js';
import { clientDom } from './client-dom.js';
import { clientMain } from './client-main.js';
import { clientPanel } from './client-panel.js';
import { clientTimeline } from './client-timeline.js';
import { assertInlineScript, htmlText, scriptJson } from './html-embed.js';
import { inspectData } from './inspect-model.js';
import { INSPECTOR_CSS } from './inspector-style.js';

/** The page code, from the source of the client functions. */
const CLIENT = assertInlineScript(`"use strict";(${clientMain.toString()})(${clientDom.toString()},${clientPanel.toString()},${clientTimeline.toString()});`);

/** A fresh nonce for the page's content security policy. */
function nonce(): string {
  const bytes = new Uint8Array(16);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Renders a flow, and optionally one run of it, as a self-contained HTML
 * page (one string: inline CSS and JS, no network, works from `file://`).
 *
 * The flow is drawn as nested boxes following the graph: sequences,
 * parallel / allSettled / race / any branches and choose cases side by
 * side, map and loops, sync / using / with scopes, retry and timeout
 * wrappers, embedded flows, and catch / finally / onError handlers as a
 * dashed recovery path. Every box carries its node id (`data-node`, as run
 * events name it). With `trace` (a run's events, e.g. `createTrace().events`,
 * or its spans) each box is coloured by outcome (succeeded, failed,
 * cancelled, running, not reached) with retries and timeouts counted; steps
 * added at run time (`as.run` sub-flows, `as.add`) appear under the step
 * that ran them; a timeline draws every span, a timed-out attempt hatched
 * and the retry after it numbered; clicking a box or bar lists that step's
 * attempts with status, duration, error and, when the run captured values
 * (`run(f, x, { capture: { values: true } })`), input and output.
 *
 * Everything embedded is data: it travels as escaped JSON and is put on the
 * page as text only, and a content security policy lets no other script,
 * style or request in.
 * @throws TypeError when `flow` is not a flow or `trace` is not an array of
 * run events or spans (naming the first bad entry).
 * @example
 * ```ts
 * const trace = createTrace();
 * await run(checkout, order, { onEvent: trace.onEvent, capture: { values: true } });
 * writeFileSync('checkout.html', toHtml(checkout, trace.events));
 * ```
 * @public
 */
export function toHtml(flow: FlowDefinition, trace?: ReadonlyArray<FlowEvent | TraceSpan>): string {
  if (flow === null || typeof flow !== 'object' || !('graph' in flow)) throw new TypeError('toHtml(): flow must be a Flow');
  if (trace !== undefined && !Array.isArray(trace)) throw new TypeError('toHtml(): trace must be an array of run events or trace spans');
  const spans = trace === undefined ? undefined : traceSpans(trace, 'toHtml()');
  const data = inspectData(flow.name ?? 'flow', flow.graph, spans, trace?.length ?? 0);
  const n = nonce();
  const csp = `default-src 'none'; script-src 'nonce-${n}'; style-src 'nonce-${n}'; img-src 'none'; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(data.title)} · stepflow inspector</title>`,
    `<style nonce="${n}">${INSPECTOR_CSS}</style>`,
    '</head>',
    '<body>',
    '<header id="summary"></header>',
    '<main><section id="flow-section"><h2>Flow</h2><div id="flow"></div></section>',
    '<aside id="panel"><h2>Step</h2><p class="empty">Click a step or a timeline bar to see its attempts.</p></aside></main>',
    '<section id="timeline-section"><h2>Timeline</h2><div id="timeline"></div></section>',
    `<script type="application/json" id="stepflow-data">${scriptJson(data)}</script>`,
    `<script nonce="${n}">${CLIENT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
