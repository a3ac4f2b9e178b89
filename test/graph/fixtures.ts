// Shared vocabulary for the graph-tool tests: named handlers, named objects,
// a flow that uses every construct, and helpers that run a flow and record
// its outcome and events.
import { contextVar, flow, FlowError, fromJSON, Mutex, resource, run, toJSON } from '../../index.js';
import type { Flow, FlowEvent } from '../../index.js';

/** Turns any value into a number, deterministically. */
export function toNum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null) return 0;
  return JSON.stringify(v).length;
}

export function inc(_as: unknown, x: unknown): number {
  return toNum(x) + 1;
}
export function dbl(_as: unknown, x: unknown): number {
  return toNum(x) * 2;
}
export async function later(_as: unknown, x: unknown): Promise<number> {
  await Promise.resolve();
  return toNum(x) + 10;
}
export function boom(): never {
  throw new FlowError('Boom', 'bad');
}
export function recover(): number {
  return -1;
}
export function passOn(): void {}
export function audit(): void {}
export function breakNow(as: any): void {
  as.break();
}
export function pair(x: unknown): number[] {
  return [toNum(x), toNum(x) + 1];
}
export function parity(x: unknown): string {
  return toNum(x) % 2 === 0 ? 'even' : 'odd';
}
export function twice(): number {
  return 2;
}
export function isBoom(err: { code?: string }): boolean {
  return err.code === 'Boom';
}
export function tenantOf(x: unknown): string {
  return `t${toNum(x)}`;
}
export function readTenant(): string {
  return tenant.get();
}
export function readDb(as: any): number {
  return as.get(db).n;
}
export function sumAll(_as: unknown, v: unknown): number {
  return toNum(v);
}

export const tenant = contextVar('tenant', 'none');
export const db = resource('db', () => ({ n: 7 }), () => undefined);
// Random flows may nest sync sections around parallel/map branches, and a
// branch never inherits its parent's lock (FTN12.md #10): with one slot such a
// nesting deadlocks by design. Enough slots keep every generated flow live.
export const lock = new Mutex(64);

/** Names for objects without a usable `name` of their own. */
export const names = new Map<object, string>([[lock, 'lock']]);

/** The handlers record every fixture document resolves against. */
export const handlers = {
  inc,
  dbl,
  later,
  boom,
  recover,
  passOn,
  audit,
  breakNow,
  pair,
  parity,
  twice,
  isBoom,
  tenantOf,
  readTenant,
  readDb,
  sumAll,
  tenant,
  db,
  lock,
  incStep: inc,
  dblStep: dbl,
  laterStep: later,
  boomStep: boom,
  validate: inc,
  risky: boom,
};

/** A flow that uses every construct of the typed DSL. */
export function everything(): Flow<number, unknown> {
  const inner = flow<unknown>('inner').step('dblStep', dbl).step(later);
  return flow<number>('everything')
    .step('validate', inc)
    .step('risky', boom, recover)
    .step(dbl)
    .parallel({ a: dbl, b: flow<number>().step(inc) }, { concurrency: 1 })
    .step(sumAll)
    .allSettled([inc, boom])
    .step(sumAll)
    .race([later, inc])
    .any([boom, dbl])
    .map(pair, dbl, { concurrency: 2 })
    .step(sumAll)
    .choose(parity, { odd: inc, even: flow<number>().step(dbl) }, later)
    .loop(breakNow, { label: 'outer' })
    .repeat(3, inc)
    .repeat(twice, inc, { label: 'count' })
    .forEach(pair, inc, { label: 'each' })
    .sync(lock, dbl)
    .using(db, readDb)
    .with(tenant, 'fixed', readTenant)
    .with(tenant, tenantOf, readTenant)
    .step('sub', inner)
    .step(boom)
    .catch('Boom', recover)
    .catch(passOn)
    .retry({ attempts: 2, backoff: { initialMs: 0, factor: 2, maxMs: 10, jitter: 'none' }, retryOn: ['Boom'] })
    .retry({ attempts: 2, backoff: { initialMs: 0, jitter: 'none' }, retryOn: isBoom })
    .timeout(5_000)
    .finally(audit);
}

/** A round trip through JSON text. */
export function roundTrip<TIn, TOut>(f: Flow<TIn, TOut>): Flow<TIn, TOut> {
  const text = JSON.stringify(toJSON(f, { names }));
  return fromJSON<TIn, TOut>(JSON.parse(text), handlers);
}

export interface Observed {
  outcome: { status: 'ok'; value: unknown } | { status: 'error'; code: string; info: unknown };
  events: Array<Pick<FlowEvent, 'type' | 'node' | 'path'> & { name?: string | undefined }>;
}

/** Runs a flow and records its outcome and its events (type, node, name, path). */
export async function observe(f: Flow<any, any>, input: unknown): Promise<Observed> {
  const events: Observed['events'] = [];
  const onEvent = (e: FlowEvent): void => {
    events.push({ type: e.type, node: e.node, name: e.name, path: e.path });
  };
  try {
    const value = await run(f, input, { onEvent });
    return { outcome: { status: 'ok', value }, events };
  } catch (e) {
    const err = e as FlowError;
    return { outcome: { status: 'error', code: err.code, info: err.info }, events };
  }
}
