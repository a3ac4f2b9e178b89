/**
 * A small HTTP service: one flow per request, run through a host
 * (stepflow/host) with a running limit and a queue, hashing the upload in a
 * worker thread (stepflow/worker). The example loads it with requests,
 * shuts it down gracefully while requests are in flight (they finish;
 * requests that come after the close are refused with 503), and prints the
 * close report. Nothing is left running.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flow, Errors, FlowError } from '../index.js';
import { createHost, type CloseReport } from '../host.js';
import { createWorkerPool, worker, workerModule } from '../worker.js';
import { hash, type Upload } from './hash-task.js';

const hashing = workerModule<typeof import('./hash-task.js')>(new URL('./hash-task.js', import.meta.url));

/** What the example saw. */
export interface ServiceReport {
  /** HTTP status of every request admitted before the close, in order. */
  readonly beforeClose: readonly number[];
  /** HTTP status of the requests sent while the host was closing. */
  readonly duringClose: readonly number[];
  /** Every 200 answer carried the digest the hash function gives in process. */
  readonly digestsRight: boolean;
  /** The answer to an empty upload (a typed error from the thread, caught by the flow). */
  readonly empty: { readonly status: number; readonly body: string };
  /** How many requests were still in flight when close() was called. */
  readonly inFlightAtClose: number;
  readonly report: CloseReport;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}

export async function main(log: (line: string) => void): Promise<ServiceReport> {
  // One upload is stored slowly: it stays in flight until the example has seen the late requests refused.
  let finishSlowStore!: () => void;
  const slowStore = new Promise<void>((resolve) => (finishSlowStore = resolve));
  const pool = createWorkerPool({ size: 2, maxQueue: 64, cancelGraceMs: 200, name: 'hash pool' });
  const host = createHost({ maxRunning: 4, maxQueued: 32, drainTimeoutMs: 3_000, cancelTimeoutMs: 500 });
  host.onClose(() => pool.close(), 'worker pool');

  const upload = flow<Upload>('upload')
    .step('hash', worker(hashing, 'hash', { pool }))
    .step('store', async (as, hashed) => {
      await (hashed.name === '/doc-0' ? slowStore : new Promise((r) => setTimeout(r, 10))); // a stand-in for a database write
      return { stored: hashed.name, digest: hashed.digest };
    })
    .catch('EmptyUpload', (as, err) => ({ stored: null, digest: null, refused: String(err.info) }));

  const server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      try {
        const out = await host.run(upload, { name: req.url ?? '/', body, rounds: 10_000 });
        res.writeHead(out.stored === null ? 422 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      } catch (e) {
        const refused = e instanceof FlowError && e.code === Errors.DefenseRejected;
        res.writeHead(refused ? 503 : 500, { 'content-type': 'text/plain' }).end(refused ? 'shutting down' : 'failed');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.onClose(() => closeServer(server), 'http server');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log(`  listening on ${base}`);

  const send = async (name: string, body: string): Promise<{ status: number; body: string }> => {
    const res = await fetch(`${base}/${name}`, { method: 'POST', body, headers: { connection: 'close' } });
    return { status: res.status, body: await res.text() };
  };
  const bodies = Array.from({ length: 12 }, (_, i) => `document ${i} `.repeat(50));
  const empty = await send('empty', '');
  const first = bodies.map((b, i) => send(`doc-${i}`, b));
  // Close once all of them were admitted, while they are in flight: they drain; new ones are refused.
  const admitted = () => host.status.running + host.status.queued + host.status.succeeded + host.status.failed;
  while (admitted() < bodies.length + 1) await new Promise((r) => setTimeout(r, 1));
  const inFlightAtClose = host.status.running + host.status.queued;
  log(`  closing with ${host.status.running} running and ${host.status.queued} queued`);
  const closing = host.close();
  const late = await Promise.all([send('late-1', 'x'), send('late-2', 'y')]);
  finishSlowStore();
  const answers = await Promise.all(first);
  const report = await closing;

  const digestsRight = answers.every((a, i) => a.status === 200 && JSON.parse(a.body).digest === hash({ name: `/doc-${i}`, body: bodies[i]!, rounds: 10_000 }).digest);
  log(`  before close: ${answers.map((a) => a.status).join(' ')}; during close: ${late.map((a) => a.status).join(' ')}; empty upload: ${empty.status}`);
  log(`  close report: drained=${report.drained} in ${Math.round(report.durationMs)} ms, ${report.status.succeeded} succeeded, ${report.status.rejected} rejected, resources ${report.resources.map((r) => `${r.name}:${r.ok ? 'ok' : 'failed'}`).join(', ')}`);
  return { beforeClose: answers.map((a) => a.status), duringClose: late.map((a) => a.status), digestsRight, empty, inFlightAtClose, report };
}
