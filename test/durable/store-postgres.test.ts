import { postgresStore } from '../../durable.js';
import { startPg } from '../support/pg-server.mjs';
import { storeConformance } from './store-conformance.js';

storeConformance('PostgreSQL', async () => {
  const server = startPg();
  return {
    open: async (limits = {}) => postgresStore({ connectionString: server.url, max: 4, ...limits }),
    second: async (limits = {}) => postgresStore({ connectionString: server.url, max: 4, ...limits }),
    done: () => server.stop(),
  };
});
