export { $as, AsyncSteps, Mutex, Throttle, Limiter, Errors } from '../../ftn12.js';
export type { ISync } from '../../ftn12.js';
export { createTestScheduler } from '../../testing.js';
