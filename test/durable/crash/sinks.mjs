// Keyed side effects in the database under test: a table of effects
// (primary key as.key(), so a repeated body writes nothing new) and a count
// of the calls (how often bodies ran, repeats included).
export async function openSink(kind, where) {
  if (kind === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(where, { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS crash_effects (key TEXT PRIMARY KEY, run TEXT, name TEXT); CREATE TABLE IF NOT EXISTS crash_calls (n INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT)');
    const eff = db.prepare('INSERT OR IGNORE INTO crash_effects (key, run, name) VALUES (?, ?, ?)');
    const call = db.prepare('INSERT INTO crash_calls (key) VALUES (?)');
    return {
      sink: { effect: (k, r, n) => eff.run(k, r, n), call: (k) => call.run(k) },
      effects: async () => db.prepare('SELECT key, run, name FROM crash_effects ORDER BY key').all(),
      calls: async () => db.prepare('SELECT count(*) AS n FROM crash_calls').get().n,
      close: async () => db.close(),
    };
  }
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: where, max: 4 });
  await pool.query('CREATE TABLE IF NOT EXISTS crash_effects (key text PRIMARY KEY, run text, name text); CREATE TABLE IF NOT EXISTS crash_calls (n bigserial PRIMARY KEY, key text)');
  const pending = new Set();
  const track = (p) => {
    pending.add(p);
    p.catch(() => {}).finally(() => pending.delete(p));
    return p;
  };
  return {
    // Awaited by the step (effect is awaited there), so a step completes only after its effect is stored.
    sink: {
      effect: (k, r, n) => track(pool.query('INSERT INTO crash_effects (key, run, name) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [k, r, n])),
      call: (k) => void track(pool.query('INSERT INTO crash_calls (key) VALUES ($1)', [k])),
    },
    effects: async () => (await pool.query('SELECT key, run, name FROM crash_effects ORDER BY key')).rows,
    calls: async () => Number((await pool.query('SELECT count(*) AS n FROM crash_calls')).rows[0].n),
    close: async () => {
      await Promise.allSettled([...pending]);
      await pool.end();
    },
  };
}
