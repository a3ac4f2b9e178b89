// handleSignals(): a real SIGTERM sent to a child process running a host
// drains it and lets the process exit; a second signal cancels at once.
// In process: the listeners come and go, and close() is the same promise.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { flow } from '../../index.js';
import { createHost } from '../../host.js';

const service = fileURLToPath(new URL('./fixtures/signal-service.mjs', import.meta.url));

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  report: any;
}

/** Runs the service, sends SIGTERM once it is ready (and again after `secondAfterMs`), and reads its report. */
function serve(secondAfterMs?: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [service], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let signalled = false;
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!signalled && out.includes('ready\n')) {
        signalled = true;
        child.kill('SIGTERM');
        if (secondAfterMs !== undefined) setTimeout(() => child.kill('SIGTERM'), secondAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(kill);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve({ code, signal, report: line === undefined ? undefined : JSON.parse(line) });
    });
  });
}

describe('host.handleSignals()', () => {
  it('SIGTERM drains the running runs, closes resources, and the process exits by itself with code 0', async () => {
    const r = await serve();
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.report.drained).toBe(true);
    expect(r.report.status).toMatchObject({ succeeded: 5, cancelled: 0, phase: 'closed' });
    expect(r.report.finals).toEqual(['success', 'success', 'success', 'success', 'success', 'resource closed']);
    expect(r.report.listeners).toBe(0);
    expect(r.report.durationMs).toBeGreaterThan(500); // it waited for the 600 ms runs
  });

  it('a second SIGTERM skips the drain: the runs are cancelled at once (cancel handlers and finally run) and the process exits', async () => {
    const r = await serve(30);
    expect(r.code).toBe(0);
    expect(r.report.drained).toBe(false);
    expect(r.report.status).toMatchObject({ succeeded: 0, cancelled: 5 });
    expect(r.report.cancelled).toEqual(Array(5).fill('job > work'));
    expect(r.report.cancels).toEqual([1, 2, 3, 4, 5]);
    expect(r.report.finals).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'resource closed']);
    expect(r.report.durationMs).toBeLessThan(450); // cut at the second signal, 30 ms in, not after the 600 ms runs
  });

  it('adds a listener per signal and removes them when called, or once close() has finished', async () => {
    const base = process.listenerCount('SIGTERM');
    const host = createHost();
    const remove = host.handleSignals({ signals: ['SIGTERM'] });
    expect(process.listenerCount('SIGTERM')).toBe(base + 1);
    remove();
    remove();
    expect(process.listenerCount('SIGTERM')).toBe(base);
    host.handleSignals({ signals: ['SIGTERM'] });
    expect(process.listenerCount('SIGTERM')).toBe(base + 1);
    await host.close();
    expect(process.listenerCount('SIGTERM')).toBe(base);
    expect(() => host.handleSignals({ signals: 'SIGTERM' as never })).toThrow(/options\.signals must be an array/);
  });

  it('the signal starts the same close() a caller gets; a second one cuts the drain, not the cancel wait', async () => {
    const host = createHost({ drainTimeoutMs: 60_000, cancelTimeoutMs: 60_000 });
    let closedWith: unknown;
    host.handleSignals({ signals: ['SIGUSR2'], onClosed: (r) => (closedWith = r) });
    const ctl: { release?: () => void } = {};
    const f = flow<number>('slow').step<number>('wait', (as) => {
      const t = setTimeout(() => as.success(1), 60_000);
      as.setCancel(() => clearTimeout(t));
    }).finally(() => new Promise<void>((r) => (ctl.release = r)));
    const e = host.run(f, 1);
    e.then(undefined, () => {});
    process.emit('SIGUSR2' as never);
    const report = host.close();
    expect(host.status.phase).toBe('draining');
    process.emit('SIGUSR2' as never);
    await new Promise((r) => setImmediate(r));
    expect(host.status.phase).toBe('cancelling');
    ctl.release!();
    const r = await report;
    expect(r.drained).toBe(false);
    expect(r.unsettled).toEqual([]);
    expect(closedWith).toBe(r);
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
