// Host edges: room() lets in only as many producers as there are free
// slots; close() never rejects, whatever a closer returns; handleSignals
// refuses signals it cannot handle and leaves no listener behind; options
// are checked by createHost itself.
import { describe, expect, it } from 'vitest';
import { flow } from '../../index.js';
import { createHost } from '../../host.js';

const later = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const slow = flow<number>('slow').step('wait', async (as, ms) => {
  await later(ms);
  return ms;
});

describe('host edges', () => {
  it('when one slot frees, room() lets in one waiting producer, not all of them', async () => {
    const host = createHost({ maxRunning: 1, maxQueued: 0 });
    void host.run(slow, 30);
    const out = await Promise.all(
      [1, 2, 3].map(async (i) => {
        await host.room();
        return host.run(slow, 5).then(
          () => `${i}:ok`,
          (e: { code: string }) => `${i}:${e.code}`,
        );
      }),
    );
    expect(out).toEqual(['1:ok', '2:ok', '3:ok']);
    await host.close();
  });

  it('close() resolves, and closes the others, when a closer returns an object whose then throws', async () => {
    const host = createHost();
    const closed: string[] = [];
    host.onClose(() => void closed.push('first'), 'first');
    host.onClose(
      () =>
        Object.defineProperty({}, 'then', {
          get() {
            throw new Error('then getter');
          },
        }),
      'hostile',
    );
    const report = await host.close();
    expect(closed).toEqual(['first']);
    expect(report.resources.map((r) => [r.name, r.ok])).toEqual([
      ['hostile', false],
      ['first', true],
    ]);
    expect(host.status.phase).toBe('closed');
  });

  it('handleSignals refuses uncatchable and unknown signals with a TypeError, and installs none of them', () => {
    const host = createHost();
    const before = process.listenerCount('SIGTERM');
    expect(() => host.handleSignals({ signals: ['SIGTERM', 'SIGKILL'] })).toThrow(/^host\.handleSignals\(\): options\.signals names SIGKILL, which a process cannot catch$/);
    expect(() => host.handleSignals({ signals: ['SIGBOGUS'] })).toThrow(/names "SIGBOGUS", which is not a signal of this platform/);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    return host.close();
  });

  it('createHost refuses a misspelt option and bad debug settings at once', () => {
    expect(() => createHost({ maxRuning: 2 } as never)).toThrow(/^createHost\(\): unknown option 'maxRuning' \(known: maxRunning, maxQueued/);
    expect(() => createHost({ debug: { slowStepMs: -1 } })).toThrow(/^createHost\(\): options\.debug\.slowStepMs must be a non-negative number/);
  });
});
