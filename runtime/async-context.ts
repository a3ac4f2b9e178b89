/**
 * The seam to the host's async context propagation. On Node (and Deno/Bun)
 * it is AsyncLocalStorage, so `contextVar.get()` works in plain async
 * functions called from a step. Elsewhere there is no such API: `get()` then
 * sees the context only while a handler runs synchronously (documented
 * fallback).
 */
import type { Frame } from './interpreter/frame.js';

interface Storage {
  run<R>(store: Frame, fn: () => R): R;
  run<A, R>(store: Frame, fn: (arg: A) => R, arg: A): R;
  getStore(): Frame | undefined;
}

function loadStorage(): Storage | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => any } }).process;
  const hooks = proc?.getBuiltinModule?.('node:async_hooks');
  const ALS = hooks?.AsyncLocalStorage;
  return typeof ALS === 'function' ? (new ALS() as Storage) : null;
}

/** The async-context store, or null where the host has none. */
export const asyncContext: Storage | null = loadStorage();
