// The inspector's escaping, without a browser: embedded JSON cannot end its element, and the page has no other way in.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTrace, flow, run, toHtml } from '../../index.js';
import { htmlText, scriptJson } from '../../graph/inspect/html-embed.js';
import type { InspectData } from '../../graph/inspect/inspect-model.js';
import { traceOf } from './fixtures.js';

const HOSTILE = '</script><!-- <script>alert(1)</script> <img src=x onerror=alert(2)> & "q" \'s\' \u2028\u2029 🚀';

/** The page's embedded data, parsed back. */
function embedded(html: string): InspectData {
  const m = /<script type="application\/json" id="stepflow-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as InspectData;
}

describe('scriptJson', () => {
  it('writes no <, >, & or line separators, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const v of [value, text, { [text]: [text, value] }]) {
          const out = scriptJson(v);
          expect(out).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
    );
    expect(scriptJson(HOSTILE)).toBe(JSON.stringify(HOSTILE).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
  });

  it('refuses a value without a JSON form', () => {
    expect(() => scriptJson(undefined)).toThrow(TypeError);
  });
});

describe('htmlText', () => {
  it('escapes the markup characters and the line separators', () => {
    expect(htmlText(`a<b>&"'c\u2028`)).toBe('a&lt;b&gt;&amp;&quot;&#39;c&#x2028;');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(htmlText(s).replace(/&(lt|gt|amp|quot|#39|#x2028|#x2029);/g, '')).not.toMatch(/[<>&"'\u2028\u2029]/);
      }),
    );
  });
});

describe('toHtml', () => {
  it('hostile names, errors and values appear only inside the escaped JSON block', async () => {
    const f = flow<string>(HOSTILE)
      .step(HOSTILE, (as: { error(code: string, info?: string): never }) => {
        as.error(HOSTILE, HOSTILE);
      })
      .catch((as, err) => err.info);
    const events = await traceOf(f, HOSTILE);
    const html = toHtml(f, events);
    expect(html.split('<script').length - 1).toBe(2);
    expect(html.split('</script>').length - 1).toBe(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<!-- <script');
    expect(html).not.toMatch(/[\u2028\u2029]/);
    const data = embedded(html);
    expect(data.title).toBe(HOSTILE);
    expect(data.boxes.map((b) => b.title)).toContain(HOSTILE);
    const failed = data.spans.find((s) => s.status === 'failed')!;
    expect(failed.error).toEqual({ code: HOSTILE, message: `${HOSTILE}: ${HOSTILE}`, info: HOSTILE });
    expect(JSON.parse(failed.input!.json)).toBe(HOSTILE);
    expect(html).toContain(`<title>${htmlText(HOSTILE)} · stepflow inspector</title>`);
  });

  it('has a content security policy that admits only its own nonce and no request', () => {
    const html = toHtml(flow<number>().step(function one() {}));
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'");
    const nonce = /'nonce-([0-9a-f]{32})'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe');
    expect(html.match(/nonce="([0-9a-f]+)"/g)).toEqual([`nonce="${nonce}"`, `nonce="${nonce}"`]);
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(/nonce-([0-9a-f]{32})/.exec(toHtml(flow<number>()))![1]).not.toBe(nonce);
  });

  it('takes a trace as events or as spans, to the same statuses', async () => {
    const f = flow<number>('two')
      .step('a', (as, x) => x)
      .step('b', (as: { error(code: string): never }) => as.error('Nope'))
      .step('c', (as, x) => x);
    const trace = createTrace();
    await run(f, 1, { onEvent: trace.onEvent }).catch(() => undefined);
    const fromEvents = embedded(toHtml(f, trace.events)).boxes.map((b) => b.status);
    const fromSpans = embedded(toHtml(f, trace.spans())).boxes.map((b) => b.status);
    expect(fromSpans).toEqual(fromEvents);
    expect(fromEvents.filter((s) => s !== undefined)).toEqual(['failed', 'succeeded', 'failed', 'notReached']);
    expect(embedded(toHtml(f)).boxes.every((b) => b.status === undefined)).toBe(true);
  });

  it('bad arguments are TypeErrors saying what is wrong and where', () => {
    const f = flow<number>().step(function one() {});
    expect(() => toHtml(null as never)).toThrow(/^toHtml\(\): flow must be a Flow$/);
    expect(() => toHtml(f, {} as never)).toThrow(/^toHtml\(\): trace must be an array of run events or trace spans$/);
    expect(() => toHtml(f, [{ type: 'start', node: '0', time: 1, span: 1, path: [] }, 7] as never)).toThrow(/^toHtml\(\): trace\[1\] is neither a run event nor a trace span/);
    expect(() => toHtml(f, [{ node: '0', time: 'x' }] as never)).toThrow(/^toHtml\(\): trace\[0\] is neither a run event \(type, time\)/);
    expect(() => toHtml(f, [{ node: '0', start: 1, status: 'done' }] as never)).toThrow(/^toHtml\(\): trace\[0\]\.status: "done" is not a span status$/);
  });
});
