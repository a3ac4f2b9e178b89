// toHtml at scale: a 1,000-step flow and a run of more than 10,000 events, built and drawn in reasonable time.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { flow, toHtml, type Flow } from '../../index.js';
import { launch, type TestBrowser } from './browser.js';
import { traceOf } from './fixtures.js';

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('1,000 steps and 10,000+ events: page built in under 1 s and drawn in under 5 s', async () => {
  let f: Flow<number, number> = flow<number>('big');
  for (let i = 0; i < 1_000; i++) f = f.step(`step ${i}`, (as, x) => x + 1);
  f = f.repeat(4_000, function tick() {});
  const events = await traceOf(f, 0);
  expect(events.length).toBeGreaterThan(10_000);

  const built = performance.now();
  const html = toHtml(f, events);
  const buildMs = performance.now() - built;
  expect(buildMs).toBeLessThan(1_000);

  const drawn = performance.now();
  const p = await browser.open(html);
  const { page } = p;
  const counts = await page.evaluate(() => [document.querySelectorAll('.box[data-kind="step"]').length, document.querySelectorAll('.trow').length]);
  await page.locator('.box[data-node]').last().click();
  const drawMs = performance.now() - drawn;
  const spans = new Set(events.map((e) => e.span)).size;
  expect(counts).toEqual([1_001, spans]);
  expect(await page.locator('#panel .title').textContent()).toBe('tick');
  expect(await page.locator('#panel .note').last().textContent()).toBe(`${4_000 - 100} more runs not listed.`);
  expect(drawMs).toBeLessThan(5_000);
  console.log(`inspector scale: ${events.length} events, ${spans} spans, ${(html.length / 1024).toFixed(0)} KiB, built in ${buildMs.toFixed(0)} ms, loaded, drawn and clicked in ${drawMs.toFixed(0)} ms`);
  expect(p.problems).toEqual([]);
  expect(p.requests).toEqual([]);
  await p.close();
});
