/** The store an engine uses: the one given (checked to be a RunStore), or the default SQLite file. */
import type { RunStore } from '../store/run-store.js';
import { sqliteStore } from '../store/sqlite-store.js';

const methods = ['create', 'get', 'list', 'claim', 'heartbeat', 'commit', 'release', 'signal', 'signalsOf', 'requestCancel', 'close'] as const;

/** The given store, refused at once when it is not a RunStore. */
export function checkStore(store: unknown): RunStore {
  if (store === null || typeof store !== 'object') throw new TypeError(`createDurable(): options.store must be a RunStore (e.g. sqliteStore() or postgresStore()), got ${store === null ? 'null' : typeof store}`);
  const missing = methods.filter((m) => typeof (store as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) throw new TypeError(`createDurable(): options.store is not a RunStore: it has no ${missing.map((m) => `${m}()`).join(', ')}`);
  return store as RunStore;
}

/** The embedded default: the SQLite file `./stepflow.db`. */
export function defaultStore(): RunStore {
  return sqliteStore({ path: './stepflow.db' });
}
