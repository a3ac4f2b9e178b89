/** A PostgreSQL server started for a test. */
export interface PgServer {
  readonly url: string;
  readonly dir: string;
  stop(): void;
}
export function startPg(): PgServer;
