/**
 * Values that cross a checkpoint must come back equal after a restart, so
 * they must be plain JSON data: null, booleans, finite numbers, strings,
 * arrays and plain objects. Anything JSON would change or drop (a Date that
 * comes back as a string, a Map that comes back empty, `NaN`, a function, a
 * class instance, a cycle) is refused with an error naming where it was and
 * the path inside the value.
 */
import { describe } from '../../errors/describe.js';
import { DurableRefusal, type Json } from './cursor.js';

function kindOf(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `a bigint (${String(value)}n)`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (value instanceof Date) return 'a Date (pass date.toISOString() or epoch ms)';
  if (value instanceof Map) return 'a Map (pass Object.fromEntries(map) or an array of entries)';
  if (value instanceof Set) return 'a Set (pass an array)';
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `an instance of ${name}` : describe(value);
}

function refuse(where: string, path: string, value: unknown): never {
  throw new DurableRefusal(`${where}${path === '' ? '' : ` at ${path}`} is ${kindOf(value)}, which is not JSON: durable runs keep only plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects)`);
}

/** Checks that `value` is plain JSON data (undefined object members are allowed: JSON drops them, and reading them gives undefined either way). */
export function checkJson(value: unknown, where: string): asserts value is Json {
  toJson(value, where);
}

/**
 * `value` as plain JSON, in one walk: refused as {@link checkJson} says,
 * except the objects `keep` turns into JSON (given their path), which are
 * replaced — the value is copied only along the paths to them.
 */
export function toJson(value: unknown, where: string, keep?: (v: object, path: string) => Json | undefined): Json {
  const seen: object[] = [];
  const walk = (v: unknown, path: string): unknown => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (!Number.isFinite(v)) refuse(where, path, v);
        return v;
      case 'object':
        break;
      default:
        refuse(where, path, v);
    }
    if (v === null) return v;
    if (seen.includes(v)) throw new DurableRefusal(`${where}${path === '' ? '' : ` at ${path}`} refers back to itself (a cycle), which is not JSON`);
    if (Array.isArray(v)) {
      seen.push(v);
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        if (v[i] === undefined) throw new DurableRefusal(`${where} at ${path}[${i}] is undefined in an array, which JSON turns into null: use null`);
        const w = walk(v[i], `${path}[${i}]`);
        if (w !== v[i]) (copy ??= v.slice())[i] = w;
      }
      seen.pop();
      return copy ?? v;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      const kept = keep?.(v, path);
      if (kept === undefined) refuse(where, path, v);
      return kept;
    }
    seen.push(v);
    let copy: Record<string, unknown> | null = null;
    for (const key of Object.keys(v)) {
      const member = (v as Record<string, unknown>)[key];
      if (member === undefined) continue;
      const w = walk(member, path === '' ? key : `${path}.${key}`);
      if (w !== member) (copy ??= { ...(v as Record<string, unknown>) })[key] = w;
    }
    seen.pop();
    return copy ?? v;
  };
  return walk(value, '') as Json;
}
