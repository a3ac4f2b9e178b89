/** A temporary SQLite file for a test, removed with its WAL files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDb(): { readonly path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stepflow-db-'));
  return { path: join(dir, 'runs.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
