/**
 * A durable run survives its process: a worker process takes an order run
 * and is killed with SIGKILL mid-flow; a second process takes the run over
 * once the lease of the first ran out and finishes it from the last
 * checkpoint. Prints which steps ran in which process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDurable, sqliteStore } from '../durable.js';
import { durableOrder } from './durable-order-flow.js';

const LEASE_MS = 500;
/** The built worker script (from the sources too: tests import this file as TypeScript). */
const workerScript = (): string => {
  const here = new URL(import.meta.url);
  return fileURLToPath(here.pathname.endsWith('.ts') ? new URL('../dist/examples/durable-order-worker.js', here) : new URL('./durable-order-worker.js', here));
};

interface Proc {
  readonly child: ChildProcess;
  readonly ran: string[];
  readonly ready: Promise<void>;
}

function startWorker(path: string): Proc {
  const child = spawn(process.execPath, [workerScript(), path, String(LEASE_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ran: string[] = [];
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      if (l === 'ready') ready();
      else if (l.startsWith('ran ')) ran.push(l.slice(4).split(' ').slice(0, -1).join(' '));
    }
  });
  child.on('exit', () => ready());
  return { child, ran, ready: readyP };
}

const stop = (p: Proc, signal: NodeJS.Signals): Promise<void> =>
  p.child.exitCode !== null || p.child.signalCode !== null ? Promise.resolve() : new Promise((r) => (p.child.once('exit', () => r()), p.child.kill(signal)));

export async function main(log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'stepflow-demo-'));
  const path = join(dir, 'orders.db');
  const engine = createDurable({ store: sqliteStore({ path }) });
  const first = startWorker(path);
  let second: Proc | null = null;
  try {
    await first.ready;
    const id = await engine.start(durableOrder, { id: 'A-17', items: ['lamp', 'desk', 'chair', 'rug'], amount: 240 }, { id: 'order-A-17' });
    log(`  started run ${id} (flow "${durableOrder.name}"); worker process 1 (pid ${first.child.pid}) takes it`);
    // Kill the first process once two items are packed: in the middle of packing the third.
    for (;;) {
      const info = await engine.get(id);
      if (((info?.state.packed as string[] | undefined) ?? []).length >= 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 40));
    await stop(first, 'SIGKILL');
    const atKill = (await engine.get(id))!;
    log(`  SIGKILL process 1 after ${atKill.checkpoints} checkpoints; it ran: ${first.ran.join(', ')}`);
    second = startWorker(path);
    await second.ready;
    log(`  worker process 2 (pid ${second.child.pid}) starts; it takes the run over when the lease (${LEASE_MS} ms) of process 1 runs out`);
    const output = await engine.result(id, { timeoutMs: 20_000 });
    const info = (await engine.get(id))!;
    log(`  process 2 ran: ${second.ran.join(', ')}`);
    const both = first.ran.filter((s) => second!.ran.includes(s));
    log(`  ran in both: ${both.length === 0 ? 'none' : `${both.join(', ')} (in flight at the kill: a step body runs at least once, keyed by as.key())`}`);
    log(`  output: ${JSON.stringify(output)}`);
    log(`  history: ${info.history.map((h) => h.kind).filter((k, i, a) => k !== a[i - 1]).join(' > ')}; ${info.checkpoints} checkpoints, ${info.crashes} crash`);
    return { output, first: first.ran, second: second.ran, crashes: info.crashes, checkpoints: info.checkpoints };
  } finally {
    await stop(first, 'SIGKILL');
    if (second !== null) await stop(second, 'SIGTERM');
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
