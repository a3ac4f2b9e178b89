/**
 * `sqliteStore()`: durable runs in one SQLite file through better-sqlite3
 * (an optional peer dependency, loaded on first use). WAL mode, so several
 * processes can share the file: every claim and commit is one `BEGIN
 * IMMEDIATE` transaction, and leases run on this machine's clock.
 */
import { Errors, FlowError } from '../../runtime/errors.js';
import type { ClaimedRun, HeartbeatResult, Lease, RunStore, StoredCheckpoint, StoredJson, StoredRunFilter } from './run-store.js';
import { canonicalJson, checkCheckpoint, deadError, fenced, isEnd, limitsOf, runOf, unknownRun, type HistoryRow, type RunRow, type StoreLimits } from './rows.js';
import { SQLITE_SCHEMA } from './sqlite-schema.js';

/**
 * Options of {@link sqliteStore}.
 * @example
 * ```ts
 * const store = sqliteStore({ path: './data/runs.db', historyLimit: 500 });
 * ```
 * @public
 */
export interface SqliteStoreOptions extends StoreLimits {
  /** The database file (default `./stepflow.db`; `:memory:` for one process only). */
  readonly path?: string;
  /** How long a write waits for another process's lock, in ms (default 10,000). */
  readonly busyTimeoutMs?: number;
}

interface Db {
  prepare(sql: string): { run(...a: unknown[]): { changes: number }; get(...a: unknown[]): any; all(...a: unknown[]): any[] };
  exec(sql: string): void;
  pragma(sql: string): unknown;
  transaction<F extends (...a: any[]) => any>(fn: F): F & { immediate: F };
  close(): void;
}

async function openDb(path: string, busyTimeoutMs: number): Promise<Db> {
  let Database: new (path: string, options: { timeout: number }) => Db;
  try {
    Database = ((await import('better-sqlite3')) as any).default;
  } catch (e) {
    throw new FlowError(Errors.InternalError, 'sqliteStore(): the package "better-sqlite3" (12.x) is needed for the SQLite store: npm install better-sqlite3@12', { cause: e });
  }
  const db = new Database(path, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SQLITE_SCHEMA);
  return db;
}

/** Old history entries are trimmed every this many commits. */
const TRIM_EVERY = 16;
const text = (v: StoredJson | undefined): string | null => (v === undefined ? null : JSON.stringify(v));

/**
 * A run store in a SQLite file (better-sqlite3 12.x), the embedded default.
 * @example
 * ```ts
 * import { createDurable, sqliteStore } from 'stepflow/durable';
 * const engine = createDurable({ store: sqliteStore({ path: './runs.db' }) });
 * ```
 * @public
 */
export function sqliteStore(options: SqliteStoreOptions = {}): RunStore {
  if (options === null || typeof options !== 'object') throw new TypeError('sqliteStore(): options must be an object');
  const path = options.path ?? './stepflow.db';
  if (typeof path !== 'string' || path === '') throw new TypeError(`sqliteStore(): options.path must be a file path, got ${String(path)}`);
  const { historyLimit, maxCrashes } = limitsOf('sqliteStore()', options);
  const opened = openDb(path, options.busyTimeoutMs ?? 10_000);
  opened.catch(() => {});
  let closed = false;
  let q: ReturnType<typeof statements> | null = null;
  const use = async (): Promise<ReturnType<typeof statements>> => {
    if (closed) throw new FlowError(Errors.InvalidRequest, `sqliteStore(${path}): the store is closed`);
    return (q ??= statements(await opened));
  };

  function statements(db: Db) {
    // Statements are prepared once per SQL text.
    const cache = new Map<string, ReturnType<Db['prepare']>>();
    const prep = (sql: string): ReturnType<Db['prepare']> => {
      let st = cache.get(sql);
      if (st === undefined) cache.set(sql, (st = db.prepare(sql)));
      return st;
    };
    const s = {
      get: prep('SELECT * FROM stepflow_runs WHERE id = ?'),
      history: prep('SELECT * FROM (SELECT * FROM stepflow_history WHERE run_id = ? ORDER BY n DESC LIMIT ?) ORDER BY n'),
      insert: prep(`INSERT INTO stepflow_runs (id, flow, graph_hash, status, input, state, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
      addHistory: prep('INSERT INTO stepflow_history (run_id, seq, at, kind, step, patches, note) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      trim: prep('DELETE FROM stepflow_history WHERE run_id = ? AND n <= (SELECT n FROM stepflow_history WHERE run_id = ? ORDER BY n DESC LIMIT 1 OFFSET ?)'),
      signals: prep('SELECT signal_id AS id, name, value FROM stepflow_signals WHERE run_id = ? AND consumed = 0 ORDER BY n'),
      due: (n: number) =>
        prep(
          `SELECT * FROM stepflow_runs WHERE graph_hash IN (${Array(n).fill('?').join(', ')}) AND (status = 'pending'
             OR (status = 'waiting' AND (cancel_requested = 1 OR wake_at <= ?))
             OR (status = 'running' AND lease_until < ?)) ORDER BY COALESCE(wake_at, created_at), n LIMIT ?`,
        ),
    };
    const history = (id: string, seq: number, at: number, h: StoredCheckpoint['history']): void => {
      s.addHistory.run(id, seq, at, h.kind, h.step ?? null, text(h.patches), h.note ?? null);
      // Trimmed every TRIM_EVERY commits: a run keeps at most historyLimit + TRIM_EVERY rows.
      if (historyLimit !== Infinity && seq % TRIM_EVERY === 0) s.trim.run(id, id, historyLimit);
    };
    return {
      db,
      prep,
      s,
      history,
      claim: db.transaction((owner: string, hashes: readonly string[], leaseMs: number, limit: number): ClaimedRun[] => {
        const now = Date.now();
        const out: ClaimedRun[] = [];
        for (const row of s.due(hashes.length).all(...hashes, now, now, limit) as (RunRow & { last_step: string | null; stalls: number })[]) {
          const crashed = row.status === 'running' && row.owner !== null;
          const crashes = Number(row.crashes) + (crashed ? 1 : 0);
          // Dead after maxCrashes expired leases in a row with no commit between them.
          const stalls = crashed ? Number(row.stalls) + 1 : Number(row.stalls);
          if (crashed && stalls >= maxCrashes) {
            const error = deadError(stalls, row.last_step);
            prep(`UPDATE stepflow_runs SET status = 'dead', error = ?, crashes = ?, owner = NULL, cursor = NULL, updated_at = ? WHERE id = ?`).run(JSON.stringify(error), crashes, now, row.id);
            history(row.id, Number(row.seq), now, { kind: 'dead', note: error.message });
            prep('DELETE FROM stepflow_signals WHERE run_id = ?').run(row.id);
            continue;
          }
          const epoch = Number(row.epoch) + 1;
          prep(`UPDATE stepflow_runs SET status = 'running', owner = ?, epoch = ?, lease_until = ?, lease_ms = ?, crashes = ?, stalls = ?, updated_at = ? WHERE id = ?`).run(owner, epoch, now + leaseMs, leaseMs, crashes, stalls, now, row.id);
          history(row.id, Number(row.seq), now, { kind: crashed ? 'recovered' : 'claimed', note: crashed ? `by ${owner}: the lease of ${row.owner} expired` : `by ${owner}` });
          const run = runOf({ ...row, status: 'running', owner, epoch, crashes, updated_at: now });
          out.push({ ...run, lease: { id: row.id, owner, epoch }, signals: (s.signals.all(row.id) as { id: string; name: string; value: string }[]).map((g) => ({ id: g.id, name: g.name, value: JSON.parse(g.value) })) });
        }
        return out;
      }),
      commit: db.transaction((lease: Lease, c: StoredCheckpoint): void => {
        const now = Date.now();
        const row = s.get.get(lease.id) as (RunRow & { lease_until: number; lease_ms: number }) | undefined;
        if (row === undefined) throw unknownRun('commit()', lease.id);
        if (row.owner !== lease.owner || Number(row.epoch) !== lease.epoch || row.status !== 'running') throw fenced(lease.id, `the run is held by another claim (epoch ${row.epoch}, this lease ${lease.epoch})`);
        if (row.lease_until < now) throw fenced(lease.id, `the lease expired ${now - row.lease_until} ms ago`);
        if (Number(row.seq) + 1 !== c.seq) throw fenced(lease.id, `checkpoint ${c.seq} does not follow the stored ${row.seq}`);
        const end = isEnd(c.status);
        let wakeAt: number | null = c.status === 'waiting' ? (c.wakeAt ?? null) : null;
        const waitingFor = c.status === 'waiting' ? (c.waitingFor ?? []) : [];
        for (const id of c.consumedSignals ?? []) prep('UPDATE stepflow_signals SET consumed = 1 WHERE run_id = ? AND signal_id = ?').run(lease.id, id);
        if (waitingFor.length > 0) {
          const buffered = prep(`SELECT 1 FROM stepflow_signals WHERE run_id = ? AND consumed = 0 AND name IN (${waitingFor.map(() => '?').join(', ')}) LIMIT 1`).get(lease.id, ...waitingFor);
          if (buffered !== undefined) wakeAt = now;
        }
        const owner = c.status === 'running' ? lease.owner : null;
        prep(
          `UPDATE stepflow_runs SET status = ?, seq = ?, cursor = ?, state = ?, result = ?, error = ?, wake_at = ?, waiting_for = ?, owner = ?, lease_until = ?, last_step = COALESCE(?, last_step), stalls = 0, updated_at = ? WHERE id = ?`,
        ).run(c.status, c.seq, end ? null : text(c.cursor ?? undefined), JSON.stringify(c.state), text(c.result), text(c.error as StoredJson | undefined), wakeAt, JSON.stringify(waitingFor), owner, owner === null ? 0 : now + row.lease_ms, c.history.step ?? null, now, lease.id);
        history(lease.id, c.seq, now, c.history);
        if (end) prep('DELETE FROM stepflow_signals WHERE run_id = ?').run(lease.id);
      }),
      signal: db.transaction((id: string, name: string, value: StoredJson, signalId: string): boolean => {
        const row = s.get.get(id) as RunRow | undefined;
        if (row === undefined) throw unknownRun('signal()', id);
        if (isEnd(row.status)) return false;
        const added = prep('INSERT INTO stepflow_signals (run_id, signal_id, name, value) VALUES (?, ?, ?, ?) ON CONFLICT (run_id, signal_id) DO NOTHING').run(id, signalId, name, JSON.stringify(value)).changes > 0;
        if (added && row.status === 'waiting' && (JSON.parse(row.waiting_for as string) as string[]).includes(name)) {
          prep('UPDATE stepflow_runs SET wake_at = ?, updated_at = ? WHERE id = ?').run(Date.now(), Date.now(), id);
        }
        return added;
      }),
      cancel: db.transaction((id: string): void => {
        const now = Date.now();
        const row = s.get.get(id) as RunRow | undefined;
        if (row === undefined) throw unknownRun('cancel()', id);
        if (isEnd(row.status)) return;
        if (row.status === 'pending') {
          const error = { code: Errors.Cancelled, message: `${Errors.Cancelled}: cancelled before it started` };
          prep(`UPDATE stepflow_runs SET status = 'cancelled', error = ?, cancel_requested = 1, seq = seq + 1, updated_at = ? WHERE id = ?`).run(JSON.stringify(error), now, id);
          history(id, Number(row.seq) + 1, now, { kind: 'cancelled', note: 'before it started' });
          return;
        }
        prep('UPDATE stepflow_runs SET cancel_requested = 1, updated_at = ? WHERE id = ?').run(now, id);
      }),
    };
  }

  return {
    async create(run) {
      const { s } = await use();
      const now = Date.now();
      const input = JSON.stringify(run.input);
      if (s.insert.run(run.id, run.flow, run.graphHash, input, JSON.stringify(run.state), now, now).changes > 0) return { created: true };
      const had = s.get.get(run.id) as RunRow;
      if (had.flow !== run.flow || canonicalJson(JSON.parse(had.input as string)) !== canonicalJson(run.input)) throw new FlowError(Errors.InvalidRequest, `start(): a run with id "${run.id}" exists with another flow or input (flow "${had.flow}")`);
      return { created: false };
    },
    async get(id) {
      const { s } = await use();
      const row = s.get.get(id) as RunRow | undefined;
      return row === undefined ? undefined : runOf(row, s.history.all(id, historyLimit === Infinity ? -1 : historyLimit) as HistoryRow[]);
    },
    async list(filter: StoredRunFilter = {}) {
      const { prep } = await use();
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.status !== undefined) {
        const all = typeof filter.status === 'string' ? [filter.status] : filter.status;
        where.push(`status IN (${all.map(() => '?').join(', ')})`);
        args.push(...all);
      }
      if (filter.flow !== undefined) (where.push('flow = ?'), args.push(filter.flow));
      if (filter.after !== undefined) (where.push('n > (SELECT n FROM stepflow_runs WHERE id = ?)'), args.push(filter.after));
      const sql = `SELECT * FROM stepflow_runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY n LIMIT ?`;
      return (prep(sql).all(...args, filter.limit ?? 100) as RunRow[]).map((r) => runOf(r));
    },
    async claim(o) {
      if (o.graphHashes.length === 0 || o.limit < 1) return [];
      return (await use()).claim.immediate(o.owner, o.graphHashes, o.leaseMs, o.limit);
    },
    async heartbeat(lease, leaseMs): Promise<HeartbeatResult> {
      const { prep } = await use();
      const now = Date.now();
      const r = prep(`UPDATE stepflow_runs SET lease_until = ?, lease_ms = ? WHERE id = ? AND owner = ? AND epoch = ? AND status = 'running' AND lease_until >= ? RETURNING cancel_requested`).get(now + leaseMs, leaseMs, lease.id, lease.owner, lease.epoch, now) as { cancel_requested: number } | undefined;
      return r === undefined ? 'lost' : r.cancel_requested === 1 ? 'cancel' : 'held';
    },
    async commit(lease, checkpoint) {
      checkCheckpoint(checkpoint);
      (await use()).commit.immediate(lease, checkpoint);
    },
    async release(lease) {
      const { prep } = await use();
      prep(`UPDATE stepflow_runs SET owner = NULL, lease_until = 0 WHERE id = ? AND owner = ? AND epoch = ? AND status = 'running' AND lease_until >= ?`).run(lease.id, lease.owner, lease.epoch, Date.now());
    },
    async signal(id, name, value, o) {
      return { accepted: (await use()).signal.immediate(id, name, value, o.signalId) };
    },
    async signalsOf(ids) {
      if (ids.length === 0) return [];
      const { prep } = await use();
      const rows = prep(`SELECT run_id, signal_id, name, value FROM stepflow_signals WHERE consumed = 0 AND run_id IN (${ids.map(() => '?').join(', ')}) ORDER BY n`).all(...ids) as { run_id: string; signal_id: string; name: string; value: string }[];
      return rows.map((r) => ({ runId: r.run_id, id: r.signal_id, name: r.name, value: JSON.parse(r.value) }));
    },
    async requestCancel(id) {
      (await use()).cancel.immediate(id);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        (await opened).close();
      } catch {
        // It never opened: nothing to close.
      }
    },
  } satisfies RunStore;
}
