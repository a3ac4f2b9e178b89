// toHtml in a real browser: hostile names, errors and values render as text and never run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flow, toHtml } from '../../index.js';
import { launch, type TestBrowser } from './browser.js';
import { traceOf } from './fixtures.js';

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const HOSTILE = [
  '</script><script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '"quoted" \'single\' `tick` & &amp; <!-- -->',
  'unicode: ünïcødé ✓ 🚀 \u202Eevil\u202C \u2028line\u2029para',
  '<style>body{display:none}</style><svg onload="window.__pwned=3">',
];

describe('hostile strings', async () => {
  const [script, img, quotes, unicode, svg] = HOSTILE as [string, string, string, string, string];
  const value = { note: script, tags: [img, svg], text: unicode };
  const f = flow<typeof value>(svg)
    .step(script, (as, v) => v)
    .step(img, (as, v) => ({ ...v, quotes }))
    .step(quotes, (as: { error(code: string, info?: string): never }) => {
      as.error(img, script);
    })
    .catch(function recover() {
      return unicode;
    });
  const events = await traceOf(f, value);
  const html = toHtml(f, events);

  it('every hostile string is a box title, verbatim, and nothing ran', async () => {
    const p = await browser.open(html);
    const { page } = p;
    const titles = await page.locator('.box > .head > .title').allTextContents();
    for (const s of [svg, script, img, quotes]) expect(titles).toContain(s);
    expect(await page.locator('#summary h1').textContent()).toBe(svg);
    expect(await page.title()).toBe(`${svg} · stepflow inspector`);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => [document.querySelectorAll('script').length, document.querySelectorAll('img,svg,iframe').length, document.querySelectorAll('style').length])).toEqual([2, 0, 1]);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).toBe('block');
    expect(p.problems).toEqual([]);
    expect(p.requests).toEqual([]);
    await p.close();
  });

  it('errors and captured values show as text in the panel', async () => {
    const p = await browser.open(html);
    const { page } = p;
    await page.locator('.box > .head > .title', { hasText: quotes }).first().click();
    expect(await page.locator('#panel dd.err').allTextContents()).toEqual([img, script, `${img}: ${script}`]);
    expect(JSON.parse((await page.locator('#panel pre').first().textContent())!)).toEqual({ ...value, quotes });
    await page.locator('.trow').filter({ hasText: img }).first().click();
    const [input, output] = await page.locator('#panel pre').allTextContents();
    expect(JSON.parse(input!)).toEqual(value);
    expect(JSON.parse(output!)).toEqual({ ...value, quotes });
    await page.locator('.box[data-kind="catch-handler"]').click();
    expect(await page.locator('#panel pre').last().textContent()).toBe(JSON.stringify(unicode));
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(p.problems).toEqual([]);
    expect(p.requests).toEqual([]);
    await p.close();
  });
});

describe('the page watcher sees what it must refuse', () => {
  it('a request, a script error and a console error are all reported', async () => {
    const p = await browser.open('<img src="http://192.0.2.1/x.png"><script>console.error("bad"); throw new Error("thrown")</script>');
    await p.page.waitForTimeout(50);
    expect(p.requests).toEqual(['http://192.0.2.1/x.png']);
    expect(p.problems).toEqual(expect.arrayContaining(['console error: bad', 'pageerror: thrown']));
    await p.close();
  });
});
