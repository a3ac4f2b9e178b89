/**
 * `postgresStore()`: durable runs in PostgreSQL through `pg` (an optional
 * peer dependency, loaded on first use), for many workers on many
 * machines. Claims take due rows with `FOR UPDATE SKIP LOCKED`, so workers
 * never wait on each other's runs; leases and wake times use the database
 * clock (a wake time is stored as the delay the worker meant, from the
 * database's now), so a worker's clock skew does not wake a run early.
 */
import { Errors, FlowError } from '../../runtime/errors.js';
import type { ClaimedRun, HeartbeatResult, Lease, RunStore, StoredCheckpoint, StoredJson, StoredRunFilter } from './run-store.js';
import { POSTGRES_SCHEMA } from './postgres-schema.js';
import { canonicalJson, checkCheckpoint, deadError, fenced, isEnd, limitsOf, runOf, unknownRun, type HistoryRow, type RunRow, type StoreLimits } from './rows.js';

/**
 * The part of a `pg` Pool the store uses.
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: PostgresPool = new pg.Pool({ connectionString });
 * ```
 * @public
 */
export interface PostgresPool {
  query(sql: string | PostgresQuery, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
  connect(): Promise<{ query(sql: string | PostgresQuery, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>; release(err?: Error | boolean): void }>;
  end(): Promise<void>;
}

/**
 * A query with a name: `pg` prepares it once per connection.
 * @example
 * ```ts
 * await pool.query({ name: 'runs-by-flow', text: 'SELECT id FROM stepflow_runs WHERE flow = $1', values: ['checkout'] });
 * ```
 * @public
 */
export interface PostgresQuery {
  readonly name?: string;
  readonly text: string;
  readonly values?: unknown[];
}

/**
 * Options of {@link postgresStore}: a connection string (the store opens
 * and closes its pool) or a pool of your own (left open).
 * @example
 * ```ts
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL, max: 10 });
 * ```
 * @public
 */
export interface PostgresStoreOptions extends StoreLimits {
  readonly connectionString?: string;
  readonly pool?: PostgresPool;
  /** Connections of the pool the store opens (default 10). */
  readonly max?: number;
}

type Client = Awaited<ReturnType<PostgresPool['connect']>>;
/** Old history entries are trimmed every this many commits (a run keeps at most historyLimit + this many rows). */
const TRIM_EVERY = 16;
const text = (v: StoredJson | undefined): string | null => (v === undefined ? null : JSON.stringify(v));

async function openPool(o: PostgresStoreOptions): Promise<PostgresPool> {
  if (o.pool !== undefined) return o.pool;
  let pg: any;
  try {
    pg = ((await import('pg')) as any).default;
  } catch (e) {
    throw new FlowError(Errors.InternalError, 'postgresStore(): the package "pg" (8.x) is needed for the PostgreSQL store: npm install pg', { cause: e });
  }
  const pool = new pg.Pool({ connectionString: o.connectionString, max: o.max ?? 10 });
  pool.on('error', () => {
    // An idle connection that dropped: the next query opens another.
  });
  return pool;
}

async function inTransaction<T>(pool: PostgresPool, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

/**
 * A run store in PostgreSQL (`pg` 8.x), for many workers.
 * @example
 * ```ts
 * import { createDurable, postgresStore } from 'stepflow/durable';
 * const engine = createDurable({ store: postgresStore({ connectionString: process.env.DATABASE_URL }) });
 * ```
 * @public
 */
export function postgresStore(options: PostgresStoreOptions): RunStore {
  if (options === null || typeof options !== 'object') throw new TypeError('postgresStore(): options must be an object');
  if (options.pool === undefined && typeof options.connectionString !== 'string') throw new TypeError('postgresStore(): give options.connectionString or options.pool');
  const { historyLimit, maxCrashes } = limitsOf('postgresStore()', options);
  const opened = openPool(options).then(async (pool) => {
    await inTransaction(pool, async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(7021500719)`);
      await c.query(POSTGRES_SCHEMA);
    });
    return pool;
  });
  opened.catch(() => {});
  let closed = false;
  const use = async (): Promise<PostgresPool> => {
    if (closed) throw new FlowError(Errors.InvalidRequest, 'postgresStore(): the store is closed');
    return opened;
  };
  const history = async (c: Client, id: string, seq: number, h: StoredCheckpoint['history']): Promise<void> => {
    await c.query('INSERT INTO stepflow_history (run_id, seq, at, kind, step, patches, note) VALUES ($1, $2, stepflow_now(), $3, $4, $5, $6)', [id, seq, h.kind, h.step ?? null, text(h.patches), h.note ?? null]);
  };
  const trim = async (c: Pick<PostgresPool, 'query'>, id: string): Promise<void> => {
    await c.query('DELETE FROM stepflow_history WHERE run_id = $1 AND n <= (SELECT n FROM stepflow_history WHERE run_id = $1 ORDER BY n DESC OFFSET $2 LIMIT 1)', [id, historyLimit]);
  };

  return {
    async create(run) {
      const pool = await use();
      const input = JSON.stringify(run.input);
      const r = await pool.query(
        `INSERT INTO stepflow_runs (id, flow, graph_hash, status, input, state, created_at, updated_at) VALUES ($1, $2, $3, 'pending', $4, $5, stepflow_now(), stepflow_now()) ON CONFLICT (id) DO NOTHING`,
        [run.id, run.flow, run.graphHash, input, JSON.stringify(run.state)],
      );
      if ((r.rowCount ?? 0) > 0) return { created: true };
      const had = (await pool.query('SELECT flow, input FROM stepflow_runs WHERE id = $1', [run.id])).rows[0] as { flow: string; input: string };
      if (had.flow !== run.flow || canonicalJson(JSON.parse(had.input)) !== canonicalJson(run.input)) throw new FlowError(Errors.InvalidRequest, `start(): a run with id "${run.id}" exists with another flow or input (flow "${had.flow}")`);
      return { created: false };
    },
    async get(id) {
      const pool = await use();
      const row = (await pool.query('SELECT * FROM stepflow_runs WHERE id = $1', [id])).rows[0] as RunRow | undefined;
      if (row === undefined) return undefined;
      const h = await pool.query('SELECT * FROM (SELECT * FROM stepflow_history WHERE run_id = $1 ORDER BY n DESC LIMIT $2) AS h ORDER BY n', [id, historyLimit === Infinity ? null : historyLimit]);
      return runOf(row, h.rows as HistoryRow[]);
    },
    async list(filter: StoredRunFilter = {}) {
      const pool = await use();
      const where: string[] = [];
      const args: unknown[] = [];
      const arg = (v: unknown): string => (args.push(v), `$${args.length}`);
      if (filter.status !== undefined) where.push(`status = ANY(${arg(typeof filter.status === 'string' ? [filter.status] : filter.status)})`);
      if (filter.flow !== undefined) where.push(`flow = ${arg(filter.flow)}`);
      if (filter.after !== undefined) where.push(`n > (SELECT n FROM stepflow_runs WHERE id = ${arg(filter.after)})`);
      const sql = `SELECT * FROM stepflow_runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY n LIMIT ${arg(filter.limit ?? 100)}`;
      return ((await pool.query(sql, args)).rows as RunRow[]).map((r) => runOf(r));
    },
    async claim(o) {
      if (o.graphHashes.length === 0 || o.limit < 1) return [];
      return inTransaction(await use(), async (c) => {
        const due = await c.query(
          `SELECT *, stepflow_now() AS now FROM stepflow_runs WHERE graph_hash = ANY($1) AND (status = 'pending'
             OR (status = 'waiting' AND (cancel_requested OR wake_at <= stepflow_now()))
             OR (status = 'running' AND lease_until < stepflow_now()))
           ORDER BY COALESCE(wake_at, created_at), n LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [o.graphHashes, o.limit],
        );
        const out: ClaimedRun[] = [];
        for (const row of due.rows as (RunRow & { last_step: string | null; stalls: number; now: string })[]) {
          const crashed = row.status === 'running' && row.owner !== null;
          const crashes = Number(row.crashes) + (crashed ? 1 : 0);
          // Dead after maxCrashes expired leases in a row with no commit between them.
          const stalls = crashed ? Number(row.stalls) + 1 : Number(row.stalls);
          if (crashed && stalls >= maxCrashes) {
            const error = deadError(stalls, row.last_step);
            await c.query(`UPDATE stepflow_runs SET status = 'dead', error = $2, crashes = $3, owner = NULL, cursor = NULL, updated_at = stepflow_now() WHERE id = $1`, [row.id, JSON.stringify(error), crashes]);
            await history(c, row.id, Number(row.seq), { kind: 'dead', note: error.message });
            await c.query('DELETE FROM stepflow_signals WHERE run_id = $1', [row.id]);
            continue;
          }
          const epoch = Number(row.epoch) + 1;
          await c.query(`UPDATE stepflow_runs SET status = 'running', owner = $2, epoch = $3, lease_until = stepflow_now() + $4, lease_ms = $4, crashes = $5, stalls = $6, updated_at = stepflow_now() WHERE id = $1`, [row.id, o.owner, epoch, o.leaseMs, crashes, stalls]);
          await history(c, row.id, Number(row.seq), { kind: crashed ? 'recovered' : 'claimed', note: crashed ? `by ${o.owner}: the lease of ${row.owner} expired` : `by ${o.owner}` });
          const signals = (await c.query('SELECT signal_id AS id, name, value FROM stepflow_signals WHERE run_id = $1 AND NOT consumed ORDER BY n', [row.id])).rows as { id: string; name: string; value: string }[];
          const run = runOf({ ...row, status: 'running', owner: o.owner, epoch, crashes, updated_at: row.now });
          out.push({ ...run, lease: { id: row.id, owner: o.owner, epoch }, signals: signals.map((g) => ({ id: g.id, name: g.name, value: JSON.parse(g.value) })) });
        }
        return out;
      });
    },
    async heartbeat(lease: Lease, leaseMs: number): Promise<HeartbeatResult> {
      const r = await (await use()).query({
        name: 'stepflow_heartbeat',
        text: `UPDATE stepflow_runs SET lease_until = stepflow_now() + $4, lease_ms = $4 WHERE id = $1 AND owner = $2 AND epoch = $3 AND status = 'running' AND lease_until >= stepflow_now() RETURNING cancel_requested`,
        values: [lease.id, lease.owner, lease.epoch, leaseMs],
      });
      const row = r.rows[0] as { cancel_requested: boolean } | undefined;
      return row === undefined ? 'lost' : row.cancel_requested ? 'cancel' : 'held';
    },
    async commit(lease, cp) {
      checkCheckpoint(cp);
      const pool = await use();
      const end = isEnd(cp.status);
      const waitingFor = cp.status === 'waiting' ? (cp.waitingFor ?? []) : [];
      const consumed = cp.consumedSignals ?? [];
      const owner = cp.status === 'running' ? lease.owner : null;
      // The fenced update and its history entry in one statement: a plain checkpoint is one round trip.
      const write = async (c: Pick<PostgresPool, 'query'>): Promise<void> => {
        const r = await c.query({
          name: 'stepflow_commit',
          text: `WITH upd AS (
             UPDATE stepflow_runs SET status = $5, seq = $4, cursor = $6, state = $7, result = $8, error = $9,
               wake_at = CASE WHEN $10::bigint IS NULL THEN NULL ELSE stepflow_now() + ($10::bigint - $18::bigint) END,
               waiting_for = $11, owner = $12, lease_until = CASE WHEN $12::text IS NULL THEN 0 ELSE stepflow_now() + lease_ms END,
               last_step = COALESCE($13, last_step), stalls = 0, updated_at = stepflow_now()
             WHERE id = $1 AND owner = $2 AND epoch = $3 AND seq = $4 - 1 AND status = 'running' AND lease_until >= stepflow_now()
             RETURNING id),
           ins AS (INSERT INTO stepflow_history (run_id, seq, at, kind, step, patches, note) SELECT id, $4, stepflow_now(), $14, $15, $16, $17 FROM upd)
           SELECT count(*)::int AS n FROM upd`,
          values: [lease.id, lease.owner, lease.epoch, cp.seq, cp.status, end ? null : text(cp.cursor ?? undefined), JSON.stringify(cp.state), text(cp.result), text(cp.error as StoredJson | undefined), cp.status === 'waiting' ? (cp.wakeAt ?? null) : null, JSON.stringify(waitingFor), owner, cp.history.step ?? null, cp.history.kind, cp.history.step ?? null, text(cp.history.patches), cp.history.note ?? null, Date.now()],
        });
        if ((r.rows[0] as { n: number }).n === 1) return;
        const row = (await c.query('SELECT owner, epoch, seq, status, lease_until, stepflow_now() AS now FROM stepflow_runs WHERE id = $1', [lease.id])).rows[0] as { owner: string | null; epoch: string; seq: string; status: string; lease_until: string; now: string } | undefined;
        if (row === undefined) throw unknownRun('commit()', lease.id);
        if (row.owner !== lease.owner || Number(row.epoch) !== lease.epoch || row.status !== 'running') throw fenced(lease.id, `the run is held by another claim (epoch ${row.epoch}, this lease ${lease.epoch})`);
        if (Number(row.lease_until) < Number(row.now)) throw fenced(lease.id, `the lease expired ${Number(row.now) - Number(row.lease_until)} ms ago`);
        throw fenced(lease.id, `checkpoint ${cp.seq} does not follow the stored ${row.seq}`);
      };
      if (cp.status === 'running' && consumed.length === 0) await write(pool);
      else {
        await inTransaction(pool, async (c) => {
          if (consumed.length > 0 && !end) await c.query('UPDATE stepflow_signals SET consumed = true WHERE run_id = $1 AND signal_id = ANY($2)', [lease.id, consumed]);
          await write(c);
          // After the row is locked, so a signal stored meanwhile is seen here or sees the run waiting.
          if (waitingFor.length > 0) {
            await c.query('UPDATE stepflow_runs SET wake_at = stepflow_now() WHERE id = $1 AND EXISTS (SELECT 1 FROM stepflow_signals s WHERE s.run_id = $1 AND NOT s.consumed AND s.name = ANY($2))', [lease.id, waitingFor]);
          }
          if (end) await c.query('DELETE FROM stepflow_signals WHERE run_id = $1', [lease.id]);
        });
      }
      if (historyLimit !== Infinity && cp.seq % TRIM_EVERY === 0) await trim(pool, lease.id);
    },
    async release(lease) {
      await (await use()).query(`UPDATE stepflow_runs SET owner = NULL, lease_until = 0 WHERE id = $1 AND owner = $2 AND epoch = $3 AND status = 'running' AND lease_until >= stepflow_now()`, [lease.id, lease.owner, lease.epoch]);
    },
    async signal(id, name, value, o) {
      return inTransaction(await use(), async (c) => {
        const row = (await c.query('SELECT status, waiting_for FROM stepflow_runs WHERE id = $1 FOR UPDATE', [id])).rows[0] as { status: string; waiting_for: string } | undefined;
        if (row === undefined) throw unknownRun('signal()', id);
        if (isEnd(row.status)) return { accepted: false };
        const added = ((await c.query('INSERT INTO stepflow_signals (run_id, signal_id, name, value) VALUES ($1, $2, $3, $4) ON CONFLICT (run_id, signal_id) DO NOTHING', [id, o.signalId, name, JSON.stringify(value)])).rowCount ?? 0) > 0;
        if (added && row.status === 'waiting' && (JSON.parse(row.waiting_for) as string[]).includes(name)) {
          await c.query('UPDATE stepflow_runs SET wake_at = stepflow_now(), updated_at = stepflow_now() WHERE id = $1', [id]);
        }
        return { accepted: added };
      });
    },
    async signalsOf(ids) {
      if (ids.length === 0) return [];
      const r = await (await use()).query({ name: 'stepflow_signals_of', text: 'SELECT run_id, signal_id, name, value FROM stepflow_signals WHERE NOT consumed AND run_id = ANY($1) ORDER BY n', values: [ids] });
      return (r.rows as { run_id: string; signal_id: string; name: string; value: string }[]).map((g) => ({ runId: g.run_id, id: g.signal_id, name: g.name, value: JSON.parse(g.value) }));
    },
    async requestCancel(id) {
      await inTransaction(await use(), async (c) => {
        const row = (await c.query('SELECT status, seq FROM stepflow_runs WHERE id = $1 FOR UPDATE', [id])).rows[0] as { status: string; seq: string } | undefined;
        if (row === undefined) throw unknownRun('cancel()', id);
        if (isEnd(row.status)) return;
        if (row.status === 'pending') {
          const error = { code: Errors.Cancelled, message: `${Errors.Cancelled}: cancelled before it started` };
          await c.query(`UPDATE stepflow_runs SET status = 'cancelled', error = $2, cancel_requested = true, seq = seq + 1, updated_at = stepflow_now() WHERE id = $1`, [id, JSON.stringify(error)]);
          await history(c, id, Number(row.seq) + 1, { kind: 'cancelled', note: 'before it started' });
          return;
        }
        await c.query('UPDATE stepflow_runs SET cancel_requested = true, updated_at = stepflow_now() WHERE id = $1', [id]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (options.pool !== undefined) return;
      try {
        await (await opened).end();
      } catch {
        // It never opened: nothing to close.
      }
    },
  } satisfies RunStore;
}
