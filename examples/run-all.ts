/** `npm run demo`: runs every example and prints what each flow did. */
import * as apiFanout from './api-fanout.js';
import * as checkout from './checkout.js';
import * as diagrams from './diagrams.js';
import * as durableCrash from './durable-crash.js';
import * as documents from './document-pipeline.js';
import * as externalEvent from './ftn12-external-event.js';
import * as guardedFanout from './ftn12-guarded-fanout.js';
import * as inspector from './inspector.js';
import * as parallelRecovery from './ftn12-parallel-recovery.js';
import * as template from './template.js';
import * as service from './service.js';

const examples: ReadonlyArray<[string, { main(log: (line: string) => void): Promise<unknown> }]> = [
  ['FTN12: external event with timeout and cancel', externalEvent],
  ['FTN12: parallel with error recovery', parallelRecovery],
  ['FTN12: Mutex + Throttle protected fan-out', guardedFanout],
  ['DSL: order checkout (payment timeout, retry, compensation)', checkout],
  ['DSL: document pipeline (bounded map over an async iterable)', documents],
  ['DSL: rate-limited API fan-out (Limiter + CircuitBreaker)', apiFanout],
  ['DSL: one template filled two ways', template],
  ['Graph tools: diagrams, JSON and a run timeline', diagrams],
  ['Durable: a run survives SIGKILL of its process and finishes in another', durableCrash],
  ['Inspector: an HTML report of a run that timed out, retried, failed and recovered', inspector],
  ['Service: HTTP requests through a host, hashing in worker threads, graceful shutdown', service],
];

let failed = 0;
for (const [title, example] of examples) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  try {
    await example.main((line) => console.log(line));
    console.log(`  (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`  FAILED: ${(e as Error).stack ?? String(e)}`);
  }
}
console.log(`\n${examples.length - failed} of ${examples.length} examples ran`);
process.exitCode = failed ? 1 : 0;
