/**
 * stepflow/testing: deterministic virtual time for tests.
 * @packageDocumentation
 */
export { createTestScheduler } from './runtime/test-scheduler.js';
export type { TestScheduler } from './runtime/test-scheduler.js';
export type { Scheduler } from './runtime/scheduler.js';
