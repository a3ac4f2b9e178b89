// toHtml in a real browser: a checkout run that timed out, retried, failed and recovered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flow, toHtml } from '../../index.js';
import { checkoutFlow, makeGateway, type Order } from '../../examples/checkout.js';
import { launch, screenshotPath, type TestBrowser, type WatchedPage } from './browser.js';
import { named, nodeId, ofKind, traceOf } from './fixtures.js';
import { everything } from '../graph/fixtures.js';
import { createTrace, run } from '../../index.js';

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function clean(p: WatchedPage): Promise<void> {
  expect(p.problems).toEqual([]);
  expect(p.requests).toEqual([]);
  await p.close();
}

describe('the checkout run', async () => {
  const order: Order = { id: 'o7', sku: 'book', qty: 1, cardOk: false };
  const checkout = checkoutFlow(makeGateway(), new Map([['book', 3]]));
  const events = await traceOf(checkout, order, { state: { order } });
  const html = toHtml(checkout, events);
  const pay = nodeId(checkout, named('pay'));
  const caught = nodeId(checkout, ofKind('catch'));

  it('loads from file:// with no errors and no requests; boxes carry node ids and statuses', async () => {
    const p = await browser.open(html, 'file');
    const { page } = p;
    expect(await page.title()).toContain('checkout');
    for (const name of ['validate', 'reserve', 'pay']) {
      const id = nodeId(checkout, named(name));
      expect(await page.locator(`.box[data-node="${id}"]`).first().getAttribute('data-status'), name).toBe(name === 'pay' ? 'failed' : 'succeeded');
    }
    const after = nodeId(checkout, (n) => n.kind === 'step' && n.name === undefined);
    expect(await page.locator(`.box[data-node="${after}"]`).getAttribute('data-status')).toBe('notReached');
    expect(await page.locator(`.box[data-node="${caught}"]`).getAttribute('data-status')).toBe('succeeded');
    const handler = page.locator(`.box[data-recovery-of="${caught}"]`);
    expect(await handler.getAttribute('data-kind')).toBe('catch-handler');
    expect(await handler.getAttribute('data-status')).toBe('succeeded');
    expect(await handler.evaluate((e) => e.classList.contains('recovery') && getComputedStyle(e).borderTopStyle)).toBe('dashed');
    expect(await page.locator('#summary .pill').first().textContent()).toBe('run succeeded');
    await page.locator('.trow .bar.timedout').click();
    await page.screenshot({ path: screenshotPath('inspector-checkout.png'), fullPage: true });
    await clean(p);
  });

  it('shows the as.run sub-flow under the step that ran it, with its retry and timeout', async () => {
    const p = await browser.open(html);
    const added = p.page.locator(`.box[data-node="${pay}"] .box[data-kind="added"]`);
    const titles = await added.locator(':scope > .head > .title').allTextContents();
    expect(titles).toEqual(['charge', 'retry', 'timeout', 'gateway']);
    for (const id of await added.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!))) expect(id.startsWith(`${pay}>`)).toBe(true);
    const retry = added.nth(1);
    expect(await retry.locator(':scope > .head .badge').allTextContents()).toContain('↻ 1 retry');
    expect(await added.nth(2).locator(':scope > .head .badge.timeout').textContent()).toBe('timed out');
    await clean(p);
  });

  it('the timeline draws the timed-out attempt hatched, then the retry as attempt 2', async () => {
    const p = await browser.open(html);
    const timeoutId = events.find((e) => e.label?.endsWith('> timeout'))!.node;
    const rows = p.page.locator(`.trow[data-node="${timeoutId}"]`);
    expect(await rows.count()).toBe(2);
    const first = rows.nth(0).locator('.bar');
    expect(await first.getAttribute('class')).toContain('timedout');
    expect(await first.textContent()).toMatch(/^timed out \d/);
    expect(await first.evaluate((e) => getComputedStyle(e).backgroundImage)).toContain('repeating-linear-gradient');
    expect(await rows.nth(1).locator('.tlabel').textContent()).toBe('timeout · attempt 2/2');
    expect(await rows.nth(1).locator('.bar').getAttribute('class')).not.toContain('timedout');
    const gatewayId = events.find((e) => e.name === 'gateway')!.node;
    expect(await p.page.locator(`.trow[data-node="${gatewayId}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['cancelled', 'failed']);
    const retryRow = p.page.locator(`.trow[data-node="${events.find((e) => e.type === 'retry')!.node}"]`);
    expect(await retryRow.locator('.tick').count()).toBe(1);
    await clean(p);
  });

  it('a click on a bar shows that step, its attempts and captured values', async () => {
    const p = await browser.open(html);
    const gatewayId = events.find((e) => e.name === 'gateway')!.node;
    await p.page.locator(`.trow[data-node="${gatewayId}"]`).nth(1).click();
    const panel = p.page.locator('#panel');
    expect(await panel.locator('.title').first().textContent()).toBe('gateway');
    const attempts = panel.locator('section.attempt');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.nth(0).locator('.pill').textContent()).toBe('cancelled');
    const second = attempts.nth(1);
    expect(await second.getAttribute('class')).toContain('current');
    expect(await second.locator('dd.err').allTextContents()).toEqual(['PaymentFailed', 'card declined', 'PaymentFailed: card declined']);
    expect(JSON.parse((await second.locator('pre').first().textContent())!)).toEqual(order);
    expect(await second.locator('pre').first().textContent()).toContain('\n  "id": "o7"');
    expect(await p.page.locator(`.box[data-node="${gatewayId}"]`).getAttribute('class')).toContain('selected');
    await clean(p);
  });

  it('a click on a box shows its output', async () => {
    const p = await browser.open(html);
    await p.page.locator(`.box[data-node="${nodeId(checkout, named('validate'))}"]`).click();
    const texts = await p.page.locator('#panel section.attempt pre').allTextContents();
    expect(texts.map((t) => JSON.parse(t))).toEqual([order, order]);
    expect(await p.page.locator('#panel .detail').allTextContents()).toEqual(['input', 'output']);
    await clean(p);
  });
});

describe('other shapes', () => {
  it('a cancelled sibling, a finally on the recovery path, and an unreached catch', async () => {
    const wait = function wait() {
      return new Promise((r) => setTimeout(r, 40));
    };
    const fail = async function fail(as: { error(code: string, info?: string): never }) {
      await new Promise((r) => setTimeout(r, 5));
      as.error('Boom', 'branch b');
    };
    const f = flow<number>('shapes')
      .step('one', (as, x) => x)
      .catch('Never', function neverRuns() {
        return 0;
      })
      .parallel({ a: wait, b: fail })
      .finally(function audit() {});
    const events = await traceOf(f, 1);
    const p = await browser.open(toHtml(f, events));
    const { page } = p;
    const status = (sel: string) => page.locator(sel).getAttribute('data-status');
    const par = nodeId(f, ofKind('parallel'));
    expect(await status(`.box[data-node="${par}"]`)).toBe('failed');
    expect(await page.locator(`.box[data-node="${par}"] > .kids > .box > .head > .tag`).allTextContents()).toEqual(['a', 'b']);
    expect(await status(`.box[data-node="${par}.0"]`)).toBe('cancelled');
    expect(await status(`.trow[data-node="${par}.0"]`)).toBe('cancelled');
    expect(await page.locator(`.trow[data-node="${par}.0"] .bar`).textContent()).toMatch(/^cancelled/);
    expect(await status(`.box[data-recovery-of="${nodeId(f, ofKind('catch'))}"]`)).toBe('notReached');
    expect(await status(`.box[data-recovery-of="${nodeId(f, ofKind('finally'))}"]`)).toBe('succeeded');
    expect(await page.locator('#summary .pill').first().textContent()).toBe('run failed');
    await clean(p);
  });

  it('every construct of a real run: each node kind drawn, with its id and a status', async () => {
    const f = everything();
    const events = await traceOf(f, 3);
    const p = await browser.open(toHtml(f, events));
    const { page } = p;
    const kinds = new Set(await page.locator('.box').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))));
    for (const k of ['step', 'sequence', 'embed', 'catch', 'finally', 'parallel', 'map', 'choose', 'loop', 'sync', 'timeout', 'retry', 'using', 'context', 'catch-handler', 'finally-handler', 'on-error'])
      expect(kinds.has(k), k).toBe(true);
    const titles = await page.locator('.box > .head > .title').allTextContents();
    for (const t of ['parallel', 'allSettled', 'race', 'any', 'map: pair', 'choose: parity', 'loop', 'repeat 3 times', 'forEach: pair', 'sync: Mutex', 'using: db', 'with tenant', 'timeout 5000 ms', 'retry: 2 attempts'])
      expect(titles, t).toContain(t);
    expect(await page.locator('.box[data-kind="loop"] > .head > .detail').allTextContents()).toEqual(['label outer', 'label count', 'label each']);
    const unstated = await page.locator('.box[data-node]:not([data-status])').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(new Set(unstated)).toEqual(new Set(['sequence']));
    await clean(p);
  });

  it('a run still in progress: the waiting step is running, what follows not reached', async () => {
    let release: (v: number) => void = () => undefined;
    const gate = new Promise<number>((r) => (release = r));
    const f = flow<number>('live')
      .step('waiting', () => gate)
      .step('next', (as, x) => x);
    const trace = createTrace();
    const exec = run(f, 1, { onEvent: trace.onEvent });
    await new Promise((r) => setTimeout(r, 5));
    const p = await browser.open(toHtml(f, trace.events));
    release(1);
    await exec;
    const status = (name: string) => p.page.locator(`.box[data-node="${nodeId(f, named(name))}"]`).getAttribute('data-status');
    expect([await status('waiting'), await status('next'), await status('live')]).toEqual(['running', 'notReached', 'running']);
    expect(await p.page.locator('#summary .pill').first().textContent()).toBe('run still running');
    expect(await p.page.locator(`.trow[data-node="${nodeId(f, named('waiting'))}"] .bar`).getAttribute('class')).toContain('st-running');
    await clean(p);
  });

  it('is readable without a trace: boxes, no statuses, a note instead of the timeline', async () => {
    const f = flow<number>('plain').step('a', (as, x) => x).repeat(2, function tick() {}).map((x) => [x], function item() {});
    const p = await browser.open(toHtml(f));
    const { page } = p;
    expect(await page.locator('.box[data-status]').count()).toBe(0);
    expect(await page.locator('.box[data-kind="loop"] > .head > .title').textContent()).toBe('repeat 2 times');
    expect(await page.locator('.box[data-kind="map"] > .head > .title').textContent()).toBe('map: anonymous');
    expect(await page.locator('#timeline .note').textContent()).toContain('No run trace');
    await page.locator('.box[data-kind="loop"] > .kids > .box').click();
    expect(await page.locator('#panel .title').textContent()).toBe('tick');
    await clean(p);
  });
});
