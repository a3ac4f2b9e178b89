/** The tables of the SQLite store (created when missing). */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS stepflow_runs (
  n INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  flow TEXT NOT NULL,
  graph_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  result TEXT,
  error TEXT,
  seq INTEGER NOT NULL DEFAULT 0,
  cursor TEXT,
  state TEXT NOT NULL,
  wake_at INTEGER,
  waiting_for TEXT NOT NULL DEFAULT '[]',
  owner TEXT,
  epoch INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0,
  lease_ms INTEGER NOT NULL DEFAULT 30000,
  crashes INTEGER NOT NULL DEFAULT 0,
  stalls INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  last_step TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stepflow_runs_due ON stepflow_runs (status, graph_hash, wake_at);
CREATE INDEX IF NOT EXISTS stepflow_runs_flow ON stepflow_runs (flow, n);
CREATE TABLE IF NOT EXISTS stepflow_history (
  n INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  step TEXT,
  patches TEXT,
  note TEXT
);
CREATE INDEX IF NOT EXISTS stepflow_history_run ON stepflow_history (run_id, n);
CREATE TABLE IF NOT EXISTS stepflow_signals (
  n INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  signal_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  consumed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (run_id, signal_id)
);
`;
