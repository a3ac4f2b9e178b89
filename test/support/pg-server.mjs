// A real PostgreSQL server for tests and benchmarks: `initdb` and `pg_ctl`
// on a unix socket in a temp dir (as the `postgres` user when run as root),
// stopped and removed afterwards. Fails with how to install it when the
// binaries are missing.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir() {
  const onPath = ['/usr/local/bin', '/usr/bin'].find((d) => existsSync(join(d, 'pg_ctl')) && existsSync(join(d, 'initdb')));
  if (onPath !== undefined) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error('PostgreSQL is not installed: the Postgres store tests start a real server (apt-get install -y postgresql)');
}

/** Starts a server; `url` connects to it, `stop()` stops it and removes its files. */
export function startPg() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'stepflow-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => {
    const file = join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
    else execFileSync(file, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'stepflow', '--no-sync', '-E', 'UTF8']);
  const opts = `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    url: `postgresql://stepflow@/postgres?host=${encodeURIComponent(dir)}`,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
