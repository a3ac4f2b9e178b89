import { sqliteStore } from '../../durable.js';
import { storeConformance } from './store-conformance.js';
import { tempDb } from './tmp-db.js';

storeConformance('SQLite', async () => {
  const db = tempDb();
  return {
    open: async (limits = {}) => sqliteStore({ path: db.path, ...limits }),
    second: async (limits = {}) => sqliteStore({ path: db.path, ...limits }),
    done: () => db.remove(),
  };
});
