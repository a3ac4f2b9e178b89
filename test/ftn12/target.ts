export { $as, AsyncSteps, Mutex, Throttle, Limiter, ISync, Errors } from '../../ftn12.js';

export { createTestScheduler } from '../../testing.js';
