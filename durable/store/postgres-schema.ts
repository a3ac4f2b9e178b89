/** The tables of the PostgreSQL store (created when missing, under an advisory lock). Times are epoch ms on the database clock. */
export const POSTGRES_SCHEMA = `
CREATE OR REPLACE FUNCTION stepflow_now() RETURNS bigint LANGUAGE sql VOLATILE AS
  $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
CREATE TABLE IF NOT EXISTS stepflow_runs (
  n bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  flow text NOT NULL,
  graph_hash text NOT NULL,
  status text NOT NULL,
  input text NOT NULL,
  result text,
  error text,
  seq bigint NOT NULL DEFAULT 0,
  cursor text,
  state text NOT NULL,
  wake_at bigint,
  waiting_for text NOT NULL DEFAULT '[]',
  owner text,
  epoch bigint NOT NULL DEFAULT 0,
  lease_until bigint NOT NULL DEFAULT 0,
  lease_ms bigint NOT NULL DEFAULT 30000,
  crashes integer NOT NULL DEFAULT 0,
  stalls integer NOT NULL DEFAULT 0,
  cancel_requested boolean NOT NULL DEFAULT false,
  last_step text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS stepflow_runs_due ON stepflow_runs (status, graph_hash, wake_at);
CREATE INDEX IF NOT EXISTS stepflow_runs_flow ON stepflow_runs (flow, n);
CREATE TABLE IF NOT EXISTS stepflow_history (
  n bigserial PRIMARY KEY,
  run_id text NOT NULL,
  seq bigint NOT NULL,
  at bigint NOT NULL,
  kind text NOT NULL,
  step text,
  patches text,
  note text
);
CREATE INDEX IF NOT EXISTS stepflow_history_run ON stepflow_history (run_id, n);
CREATE TABLE IF NOT EXISTS stepflow_signals (
  n bigserial PRIMARY KEY,
  run_id text NOT NULL,
  signal_id text NOT NULL,
  name text NOT NULL,
  value text NOT NULL,
  consumed boolean NOT NULL DEFAULT false,
  UNIQUE (run_id, signal_id)
);
`;
