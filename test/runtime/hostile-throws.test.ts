// Whatever user code throws — a value without a prototype, an object whose
// toString throws, an Error whose message getter throws — never crashes the
// process, in either front end: from steps, error handlers, cancel handlers,
// finally handlers and event listeners.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { flow, run, Errors } from '../../index.js';
import { $as } from '../../ftn12.js';
import { failure, flush } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const hostile = (): Record<string, () => unknown> => ({
  'a null-prototype object': () => Object.create(null),
  'an object whose toString throws': () => ({
    toString() {
      throw new Error('toString exploded');
    },
  }),
  'an object whose Symbol.toPrimitive throws': () => ({
    [Symbol.toPrimitive]() {
      throw new Error('toPrimitive exploded');
    },
  }),
  'an Error whose message getter throws': () => {
    const e = new Error('x');
    // stack first: redefining it reads the message.
    Object.defineProperty(e, 'stack', {
      get() {
        throw new Error('stack exploded');
      },
    });
    Object.defineProperty(e, 'message', {
      get() {
        throw new Error('message exploded');
      },
    });
    return e;
  },
});

/** Catches every exception that escapes to the process while `body` runs. */
async function escapes(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const previous = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  const record = (e: unknown) => seen.push(e);
  process.on('uncaughtException', record);
  try {
    await body();
    await flush(5);
  } finally {
    process.off('uncaughtException', record);
    for (const l of previous) process.on('uncaughtException', l as (...args: unknown[]) => void);
  }
  return seen;
}

describe.each(Object.entries(hostile()))('throwing %s', (_what, make) => {
  it('typed: from a step, a catch handler and a finally handler, the run rejects', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const escaped = await escapes(async () => {
      const thrown = make();
      expect((await failure(run(flow<number>().step(() => { throw thrown; }), 0))).cause).toBe(thrown);
      const fromCatch = flow<number>()
        .step((as) => as.error('First'))
        .catch(() => {
          throw make();
        });
      expect((await failure(run(fromCatch, 0))).code).toBe(Errors.InternalError);
      const fromFinally = flow<number>()
        .step((as, n) => n)
        .finally(() => {
          throw make();
        });
      expect((await failure(run(fromFinally, 0))).code).toBe(Errors.InternalError);
    });
    expect(escaped).toEqual([]);
  });

  it('typed: from a cancel handler (cancel and error unwinding) and an event listener, nothing escapes', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const escaped = await escapes(async () => {
      const waiting = flow<number>().step<number>((as) => {
        as.setCancel(() => {
          throw make();
        });
      });
      const exec = run(waiting, 0);
      exec.cancel();
      expect((await failure(exec)).code).toBe(Errors.Cancelled);
      const failing = flow<number>()
        .parallel([
          (as: { setCancel(fn: () => void): unknown }) => {
            as.setCancel(() => {
              throw make();
            });
          },
          (as: { error(code: string): never }) => as.error('Sibling'),
        ]);
      expect((await failure(run(failing, 0))).code).toBe('Sibling');
      const listened = run(flow<number>().step((as, n) => n + 1), 1, {
        onEvent: () => {
          throw make();
        },
      });
      expect(await listened).toBe(2);
    });
    expect(escaped).toEqual([]);
    expect(warn).toHaveBeenCalled();
  });

  it('typed: as.error with such info, in the handler and from a callback, fails the run with that code', async () => {
    const escaped = await escapes(async () => {
      expect((await failure(run(flow<number>().step((as) => as.error('Hostile', make())), 0))).code).toBe('Hostile');
      const later = flow<number>().step<number>((as) => {
        as.waitExternal();
        setTimeout(() => as.error('Later', make()), 1);
      });
      expect((await failure(run(later, 0))).code).toBe('Later');
    });
    expect(escaped).toEqual([]);
  });

  it('FTN12: from a step, an error handler and a cancel handler, nothing escapes', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const escaped = await escapes(async () => {
      const fromStep = await $as()
        .add(() => {
          throw make();
        })
        .promise()
        .catch((e: Error) => e.message);
      expect(typeof fromStep).toBe('string');
      const fromHandler = await $as()
        .add(
          (as) => as.error('First'),
          () => {
            throw make();
          },
        )
        .promise()
        .catch((e: Error) => e.message);
      expect(typeof fromHandler).toBe('string');
      const root = $as().add((as) => {
        as.setCancel(() => {
          throw make();
        });
      });
      const p = root.promise().catch((e: Error) => e.message);
      root.cancel();
      expect(await p).toBe(Errors.Cancelled);
      const info = await $as()
        .add((as) => as.error('Hostile', make() as string))
        .promise()
        .catch((e: Error) => e.message);
      expect(info).toBe('Hostile');
    });
    expect(escaped).toEqual([]);
  });
});
