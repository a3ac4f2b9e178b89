/**
 * An iteration source: the items of an Iterable or an AsyncIterable, pulled
 * one at a time and closed (`return()`) when left early. `forEach` and
 * `map` share it; arrays, counts and plain objects go by index instead (no
 * allocation per item).
 */
import { reportStray } from '../errors.js';
import { describe } from '../../errors/describe.js';

const DONE: IteratorResult<unknown> = Object.freeze({ done: true, value: undefined });

/** An iterator's result as `for…of` reads it: an object, `done` taken as a boolean, `value` read once. */
function readResult(r: unknown): IteratorResult<unknown> {
  if (r === null || (typeof r !== 'object' && typeof r !== 'function')) throw new TypeError(`Iterator result ${describe(r)} is not an object`);
  const result = r as IteratorResult<unknown>;
  return result.done ? DONE : { done: false, value: result.value };
}

/** Pulls items from an iterator, sync or async, and closes it once when left early. */
export class Source {
  /** `forEach` over a Map: items are `[key, value]` entries. */
  readonly entries: boolean;
  private iterator: Iterator<unknown> | AsyncIterator<unknown> | null;

  constructor(iterator: Iterator<unknown> | AsyncIterator<unknown>, readonly async: boolean, entries = false) {
    this.iterator = iterator;
    this.entries = entries;
  }

  /**
   * A source for `collection` when it is iterable: Maps give their entries
   * (with `entries` set, for `forEach`'s key/value), async iterables are
   * pulled asynchronously, a string gives its characters (code points, as
   * `for…of` does). Null for anything else.
   */
  static open(collection: unknown, mapEntries = false): Source | null {
    if (typeof collection === 'string') return new Source(collection[Symbol.iterator](), false);
    if (collection === null || typeof collection !== 'object') return null;
    const c = collection as { [Symbol.iterator]?: () => Iterator<unknown>; [Symbol.asyncIterator]?: () => AsyncIterator<unknown> };
    if (collection instanceof Map) return new Source(collection.entries(), false, mapEntries);
    if (typeof c[Symbol.iterator] === 'function') return new Source(c[Symbol.iterator]!(), false);
    if (typeof c[Symbol.asyncIterator] === 'function') return new Source(c[Symbol.asyncIterator]!(), true);
    return null;
  }

  /**
   * The next item (a promise of it for an async source, always a native one), read out of the iterator's result
   * once: what user code does wrong (a `next()` or a `done`/`value` getter that throws, a result that is no object)
   * throws here, or rejects for an async source, and never later where the interpreter reads the item.
   */
  next(): IteratorResult<unknown> | Promise<IteratorResult<unknown>> {
    const it = this.iterator!;
    if (!this.async) return readResult(it.next());
    try {
      return Promise.resolve(it.next()).then(readResult);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The source ran out (or failed): nothing left to close. */
  finished(): void {
    this.iterator = null;
  }

  /**
   * Leaves the source early: calls its `return()` once. Gives the promise an
   * async `return()` returns (to be awaited before the outcome moves on), or
   * null. A `return()` that throws is reported, never rethrown.
   */
  close(): Promise<unknown> | null {
    const it = this.iterator;
    this.iterator = null;
    if (it === null || typeof it.return !== 'function') return null;
    try {
      const r: unknown = it.return();
      return r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function' ? Promise.resolve(r) : null;
    } catch (e) {
      reportStray(e);
      return null;
    }
  }
}

/** `source.next()` as a function of the source, to call it as a frame's user code (`inFrame`, `callUser`). */
export const nextOf = (source: Source): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => source.next();
