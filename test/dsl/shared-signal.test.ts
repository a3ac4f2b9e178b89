// One AbortSignal shared by many runs (a request's, a service's shutdown
// signal): one listener on it whatever the number of runs, none left once
// they ended, and an abort cancels every run still going.
import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { flow, run } from '../../index.js';
import { createHost } from '../../host.js';

const waits = flow<number>().step('wait', (as) => {
  as.waitExternal();
});
const quick = flow<number>().step('quick', async (as, n) => n);

describe('a signal shared by many runs', () => {
  it('has one abort listener while 100 runs watch it, no process warning, and none after they end', async () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const c = new AbortController();
      const runs = Array.from({ length: 100 }, (_, i) => run(waits, i, { signal: c.signal }));
      expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
      c.abort('stop');
      const outcomes = await Promise.allSettled(runs);
      expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as { code: string }).code === 'Cancelled')).toBe(true);
      expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
      const d = new AbortController();
      await Promise.all(Array.from({ length: 50 }, (_, i) => run(quick, i, { signal: d.signal })));
      expect(getEventListeners(d.signal, 'abort')).toHaveLength(0);
      expect(warn.mock.calls.filter((c) => String(c[0]).includes('MaxListeners') || String(c[0]).includes('memory leak'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('runs queued in a host watch it the same way', async () => {
    const host = createHost({ maxRunning: 1 });
    const c = new AbortController();
    const runs = Array.from({ length: 20 }, (_, i) => host.run(waits, i, { signal: c.signal }));
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    c.abort();
    await Promise.allSettled(runs);
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
    await host.close();
  });
});
