/**
 * Continuation variable values in a cursor, by the variable's name (the
 * variable objects of the process that resumes are found by name).
 */
import type { ContinuationVar } from '../../typings/context-types.js';
import { continuationVarNamed } from '../context-vars.js';
import type { Json } from './cursor.js';
import { checkJson } from './plain-json.js';

/** A thread's continuation values as JSON by name, or undefined when it has none. */
export function saveVars(vars: ReadonlyMap<object, unknown> | null, where: string): { readonly [name: string]: Json } | undefined {
  if (vars === null || vars.size === 0) return undefined;
  const out: Record<string, Json> = {};
  for (const [v, value] of vars) {
    const name = (v as ContinuationVar<unknown>).name;
    checkJson(value ?? null, `${where}: continuation variable "${name}"`);
    out[name] = (value ?? null) as Json;
  }
  return out;
}

/** Saved continuation values as a thread's map again (null when there were none). */
export function loadVars(saved: { readonly [name: string]: Json } | undefined): Map<object, unknown> | null {
  if (saved === undefined) return null;
  const map = new Map<object, unknown>();
  for (const name of Object.keys(saved)) map.set(continuationVarNamed(name), saved[name]);
  return map;
}
