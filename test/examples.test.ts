/** Every example under examples/ runs, and does what its description says. */
import { describe, expect, it } from 'vitest';
import * as apiFanout from '../examples/api-fanout.js';
import * as checkout from '../examples/checkout.js';
import * as diagrams from '../examples/diagrams.js';
import * as durableCrash from '../examples/durable-crash.js';
import * as documents from '../examples/document-pipeline.js';
import * as externalEvent from '../examples/ftn12-external-event.js';
import * as guardedFanout from '../examples/ftn12-guarded-fanout.js';
import * as inspector from '../examples/inspector.js';
import * as parallelRecovery from '../examples/ftn12-parallel-recovery.js';
import * as template from '../examples/template.js';
// Worker threads load JavaScript: the service example runs from the build.
import * as service from '../dist/examples/service.js';

const quiet = (): void => {};

describe('examples', () => {
  it('FTN12 external event: arrives, times out, is cancelled; no listener left', async () => {
    const [arrived, timedOut, cancelled] = await externalEvent.main(quiet);
    expect(arrived).toEqual({ outcome: 'confirmed A-1 for 42', listenersLeft: 0 });
    expect(timedOut).toEqual({ outcome: 'no confirmation for B-2 within 20 ms', listenersLeft: 0 });
    expect(cancelled).toEqual({ outcome: 'cancelled: Cancelled', listenersLeft: 0 });
  });

  it('FTN12 parallel recovery: siblings cancelled, error handler recovers with the cached price', async () => {
    const report = await parallelRecovery.main(quiet);
    expect(report.price).toBe(99);
    expect(report.cancelled.sort()).toEqual(['broken-api', 'fast-api', 'slow-api']);
    expect(report.errorInfo).toBe('broken-api answered 503');
  });

  it('FTN12 guarded fan-out: all jobs done, at most 2 inside, at most 3 entries per window', async () => {
    const report = await guardedFanout.main(quiet);
    expect(report.done).toBe(10);
    expect(report.maxInside).toBeLessThanOrEqual(2);
    expect(report.maxEntriesPerWindow).toBeLessThanOrEqual(3);
  });

  it('checkout: paid after a payment timeout and one retry; a declined card is compensated', async () => {
    const { results, stockLeft } = await checkout.main(quiet);
    expect(results[0]).toEqual({ status: 'paid', receipt: 'rcpt-o1', attempts: 2 });
    expect(results[1]).toEqual({ status: 'review', reason: 'card declined', released: true });
    expect(stockLeft).toBe(3);
  });

  it('document pipeline: input order kept, concurrency 3, backpressure on the source, source closed', async () => {
    const report = await documents.main(quiet);
    expect(report.rendered).toEqual(Array.from({ length: 8 }, (_, i) => `<h1>DOCUMENT ${i + 1}</h1>`));
    expect(report.maxInFlight).toBe(3);
    expect(report.maxPulledAhead).toBeLessThanOrEqual(3);
    expect(report.sourceClosed).toBe(true);
  });

  it('API fan-out: limiter caps concurrency, the breaker opens after 3 failures and stops calls', async () => {
    const report = await apiFanout.main(quiet);
    expect(report.maxConcurrent).toBeLessThanOrEqual(2);
    expect(report.breaker).toBe('open');
    expect(report.apiCalls).toBeLessThan(10);
    expect(report.quotes.AAA).toBe('AAA=97.5');
    expect(Object.values(report.quotes).filter((q) => q.includes('Circuit open')).length).toBeGreaterThan(0);
  });

  it('diagrams: flow diagrams, a JSON document, a coloured run diagram and a gantt timeline', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'stepflow-demo-'));
    const files = await diagrams.main(quiet, dir);
    const read = (name: string) => readFileSync(files.find((f) => f.endsWith(name))!, 'utf8');
    expect(files).toHaveLength(5);
    expect(read('checkout.mmd')).toMatch(/^flowchart/);
    expect(read('checkout.mmd')).toContain('validate');
    expect(JSON.parse(read('notify-template.json')).version).toBe(1);
    expect(read('checkout-run.mmd')).toMatch(/classDef/);
    expect(read('checkout-timeline.mmd')).toMatch(/^gantt\n/);
    expect(read('checkout-timeline.mmd')).toContain('reserve');
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  });

  it('inspector: one HTML page of the declined checkout, with its timeout, retry, failure and recovery in the data', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'stepflow-demo-'));
    try {
      const { path, result } = await inspector.main(quiet, dir);
      expect(result).toEqual({ status: 'review', reason: 'card declined', released: true });
      const html = readFileSync(path, 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>/);
      const json = /<script type="application\/json" id="stepflow-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
      const data = JSON.parse(json) as { spans: Array<{ status: string; timedOut?: boolean; retries?: number; input?: unknown }>; boxes: Array<{ kind: string; status?: string }> };
      expect(data.spans.some((s) => s.timedOut === true)).toBe(true);
      expect(data.spans.some((s) => (s.retries ?? 0) > 0)).toBe(true);
      expect(data.spans.some((s) => s.status === 'failed' && !s.timedOut)).toBe(true);
      expect(data.boxes.find((b) => b.kind === 'catch-handler')?.status).toBe('succeeded');
      expect(data.spans.every((s) => s.input !== undefined)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('template: filled two ways; unfilled refuses to run naming the slot', async () => {
    const r = await template.main(quiet);
    expect(r.email).toBe('email -> ada@example.org: Your order has shipped');
    expect(r.sms).toBe('sms -> +1-555-300: Your order');
    expect(r.unfilled).toContain('"send"');
  });
  it('durable crash: a run killed mid-flow in one process finishes in another, no completed step run twice', async () => {
    const r = await durableCrash.main(quiet);
    expect(r.output).toEqual({ receipt: 'rcpt-A-17', label: 'ship 4 items of A-17', packed: ['lamp', 'desk', 'chair', 'rug'], emailed: true });
    expect(r.crashes).toBe(1);
    expect(r.first.slice(0, 4)).toEqual(['reserve', 'charge', 'pack lamp', 'pack desk']);
    expect(r.second).not.toContain('reserve');
    expect(r.second).not.toContain('charge');
    expect(r.second.slice(-2)).toEqual(['ship', 'email']);
    // At most the step in flight at the kill ran in both processes.
    expect(r.first.filter((s) => r.second.includes(s)).length).toBeLessThanOrEqual(1);
  }, 30_000);

  it('service: requests run through the host with a worker step; close drains the in-flight ones, refuses late ones, leaves nothing running', async () => {
    const handles = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap').length;
    const before = handles();
    const r = await service.main(quiet);
    expect(r.beforeClose).toEqual(Array(12).fill(200));
    expect(r.digestsRight).toBe(true);
    expect(r.inFlightAtClose).toBeGreaterThan(1);
    expect(r.duringClose).toEqual([503, 503]);
    expect(r.empty.status).toBe(422);
    expect(JSON.parse(r.empty.body).refused).toBe('/empty is empty');
    expect(r.report.drained).toBe(true);
    expect(r.report.status).toMatchObject({ succeeded: 13, rejected: 2, running: 0, queued: 0, phase: 'closed' });
    expect(r.report.resources.map((x) => [x.name, x.ok])).toEqual([
      ['http server', true],
      ['worker pool', true],
    ]);
    await new Promise((done) => setImmediate(done));
    expect(handles()).toBeLessThanOrEqual(before);
  });
});
