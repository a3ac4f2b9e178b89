/**
 * Values that cross a checkpoint: plain JSON (see `plain-json.ts`), and the
 * FlowErrors the library itself puts in values — an `allSettled` result's
 * rejected branches, the branch errors in `AllFailed`'s data — which are kept
 * as `{ "$flowError": <saved error> }` and made live again on restore.
 */
import { FlowError } from '../errors.js';
import type { Json, SavedUnwind } from './cursor.js';
import { DurableRefusal } from './cursor.js';
import { toJson } from './plain-json.js';
import { loadUnwind, saveUnwind } from './unwinds.js';

const TAG = '$flowError';

/** `value` as JSON, FlowErrors in it saved; anything else that is not plain JSON is refused, naming `where`. */
export function valueJson(value: unknown, where: string): Json {
  return toJson(value, where, (v, path) => (v instanceof FlowError ? { [TAG]: saveUnwind(v, path === '' ? where : `${where} at ${path}`) as unknown as Json } : undefined));
}

/** A value saved by {@link valueJson}, with its FlowErrors live again. */
export function valueOf(json: unknown): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < json.length; i++) {
      const v = valueOf(json[i]);
      if (v !== json[i]) (out ??= json.slice())[i] = v;
    }
    return out ?? json;
  }
  const keys = Object.keys(json);
  if (keys.length === 1 && keys[0] === TAG) return loadUnwind((json as Record<string, SavedUnwind>)[TAG]!);
  let out: Record<string, unknown> | null = null;
  for (const key of keys) {
    const m = (json as Record<string, unknown>)[key];
    const v = valueOf(m);
    if (v !== m) (out ??= { ...(json as Record<string, unknown>) })[key] = v;
  }
  return out ?? json;
}

/** A frame's arguments as JSON: trailing undefined values are left out (a handler sees undefined either way); others are refused. */
export function argsJson(args: readonly unknown[], where: string): readonly Json[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let out: Json[] | null = n === args.length ? null : (args.slice(0, n) as Json[]);
  for (let i = 0; i < n; i++) {
    if (args[i] === undefined) throw new DurableRefusal(`${where}: argument ${i} is undefined before defined ones, which JSON cannot keep`);
    const j = valueJson(args[i], n === 1 ? where : `${where} (argument ${i})`);
    if (j !== args[i]) (out ??= args.slice(0, n) as Json[])[i] = j;
  }
  return out ?? (args as readonly Json[]);
}

/** Saved arguments, live again. */
export function argsOf(saved: readonly Json[]): readonly unknown[] {
  return valueOf(saved) as readonly unknown[];
}
