// DESIGN: Graph tools — property: random flows from a small vocabulary of named handlers and
// constructs run identically (outcome and event sequence) before and after a JSON round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flow, toJSON } from '../../index.js';
import type { Flow } from '../../index.js';
import * as fx from './fixtures.js';

type Tree =
  | { t: 'step'; h: 'inc' | 'dbl' | 'later' | 'boom'; named: boolean }
  | { t: 'seq'; items: Tree[] }
  | { t: 'catch'; body: Tree; codes: boolean; recovers: boolean }
  | { t: 'finally'; body: Tree }
  | { t: 'parallel'; mode: 'parallel' | 'allSettled' | 'race' | 'any'; branches: Tree[]; record: boolean }
  | { t: 'map'; body: Tree; concurrency: number | undefined }
  | { t: 'choose'; odd: Tree; even: Tree; otherwise: Tree | undefined }
  | { t: 'repeat'; n: number; body: Tree }
  | { t: 'forEach'; body: Tree }
  | { t: 'loop'; body: Tree }
  | { t: 'timeout'; body: Tree }
  | { t: 'retry'; attempts: number; body: Tree }
  | { t: 'embed'; name: string; body: Tree }
  | { t: 'sync'; body: Tree }
  | { t: 'with'; computed: boolean; body: Tree }
  | { t: 'using'; body: Tree };

const trees = fc.letrec<{ tree: Tree; leaf: Tree }>((tie) => {
  const sub = tie('tree');
  return {
    leaf: fc.record({ t: fc.constant('step' as const), h: fc.constantFrom('inc' as const, 'dbl' as const, 'later' as const, 'boom' as const), named: fc.boolean() }),
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('leaf'),
      fc.record({ t: fc.constant('seq' as const), items: fc.array(sub, { minLength: 1, maxLength: 4 }) }),
      fc.record({ t: fc.constant('catch' as const), body: sub, codes: fc.boolean(), recovers: fc.boolean() }),
      fc.record({ t: fc.constant('finally' as const), body: sub }),
      fc.record({
        t: fc.constant('parallel' as const),
        mode: fc.constantFrom('parallel' as const, 'allSettled' as const, 'race' as const, 'any' as const),
        branches: fc.array(sub, { minLength: 1, maxLength: 3 }),
        record: fc.boolean(),
      }),
      fc.record({ t: fc.constant('map' as const), body: sub, concurrency: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }) }),
      fc.record({ t: fc.constant('choose' as const), odd: sub, even: sub, otherwise: fc.option(sub, { nil: undefined }) }),
      fc.record({ t: fc.constant('repeat' as const), n: fc.integer({ min: 0, max: 3 }), body: sub }),
      fc.record({ t: fc.constant('forEach' as const), body: sub }),
      fc.record({ t: fc.constant('loop' as const), body: sub }),
      fc.record({ t: fc.constant('timeout' as const), body: sub }),
      fc.record({ t: fc.constant('retry' as const), attempts: fc.integer({ min: 1, max: 3 }), body: sub }),
      fc.record({ t: fc.constant('embed' as const), name: fc.constantFrom('alpha', 'beta'), body: sub }),
      fc.record({ t: fc.constant('sync' as const), body: sub }),
      fc.record({ t: fc.constant('with' as const), computed: fc.boolean(), body: sub }),
      fc.record({ t: fc.constant('using' as const), body: sub }),
    ),
  };
}).tree;

type F = Flow<any, any>;
const empty = (): F => flow<any>();

/** Appends the construct `t` to the flow `f`. */
function build(t: Tree, f: F): F {
  const sub = (x: Tree): F => build(x, empty());
  switch (t.t) {
    case 'step': {
      const handler = fx[t.h] as (as: unknown, x: unknown) => unknown;
      return t.named ? f.step(`${t.h}Step`, handler) : f.step(handler);
    }
    case 'seq':
      return t.items.reduce((acc, item) => build(item, acc), f);
    case 'catch': {
      const handler = t.recovers ? fx.recover : fx.passOn;
      return t.codes ? build(t.body, f).catch('Boom', handler) : build(t.body, f).catch(handler);
    }
    case 'finally':
      return build(t.body, f).finally(fx.audit);
    case 'parallel': {
      const bodies = t.branches.map(sub);
      const branches = t.record ? Object.fromEntries(bodies.map((b, i) => [`k${i}`, b])) : bodies;
      return t.mode === 'parallel' ? f.parallel(branches) : f[t.mode](branches);
    }
    case 'map':
      return f.map(fx.pair, sub(t.body), t.concurrency === undefined ? undefined : { concurrency: t.concurrency });
    case 'choose':
      return t.otherwise ? f.choose(fx.parity, { odd: sub(t.odd), even: sub(t.even) }, sub(t.otherwise)) : f.choose(fx.parity, { odd: sub(t.odd), even: sub(t.even) });
    case 'repeat':
      return f.repeat(t.n, sub(t.body));
    case 'forEach':
      return f.forEach(fx.pair, sub(t.body), { label: 'each' });
    case 'loop':
      return f.loop(build(t.body, empty()).step(fx.breakNow));
    case 'timeout':
      return build(t.body, f).timeout(10_000);
    case 'retry':
      return build(t.body, f).retry({ attempts: t.attempts, backoff: { initialMs: 0, jitter: 'none' } });
    case 'embed':
      return f.step(t.name, build(t.body, flow<any>(t.name)));
    case 'sync':
      return f.sync(fx.lock, sub(t.body));
    case 'with':
      return f.with(fx.tenant, t.computed ? fx.tenantOf : 'plain', sub(t.body));
    case 'using':
      return f.using(fx.db, sub(t.body));
  }
}

const stats = { ok: 0, error: 0, events: 0 };

describe('JSON round trip (property)', () => {
  it('random flows: same document, same outcome, same events (type, node, name, path)', async () => {
    await fc.assert(
      fc.asyncProperty(trees, fc.integer({ min: -3, max: 5 }), async (tree, input) => {
        const original = build(tree, flow<number>('root'));
        const copy = fx.roundTrip(original);
        expect(toJSON(copy, { names })).toEqual(toJSON(original, { names }));
        const a = await fx.observe(original, input);
        const b = await fx.observe(copy, input);
        expect(b).toEqual(a);
        stats[a.outcome.status]++;
        stats.events += a.events.length;
      }),
      { numRuns: 150 },
    );
    // the vocabulary reaches both outcomes and real event traffic
    expect(stats.ok).toBeGreaterThan(10);
    expect(stats.error).toBeGreaterThan(10);
    expect(stats.events).toBeGreaterThan(1000);
  });
});

const names = fx.names;
