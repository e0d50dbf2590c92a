import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import type { Test } from 'tap';
import { freePort } from './ports.ts';

const MARIADBD = process.env.TEST_MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.TEST_MARIADB_INSTALL_DB ?? '/usr/bin/mariadb-install-db';
const PROVIDER = process.env.TEST_GALERA_PROVIDER ?? '/usr/lib/galera/libgalera_smm.so';
const USER = 'tf_galera';
const PASSWORD = 'tf-galera-test';

/** One node of a running test cluster, reachable over TCP on 127.0.0.1. */
export interface GaleraNode {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** A running throwaway 3-node Galera cluster on loopback. */
export interface TestGalera {
  readonly nodes: readonly [GaleraNode, GaleraNode, GaleraNode];
  /** A fresh, empty utf8mb4 database on the cluster (created through node 1). */
  createDatabase(name: string): Promise<void>;
  /** SIGKILLs node `index` (0-2): a crash, not a shutdown. */
  kill(index: number): Promise<void>;
  /** Starts node `index` again (it rejoins by incremental or full state transfer) and waits until it is Synced. */
  restart(index: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * null when mariadbd, mariadb-install-db, rsync and the Galera provider are installed, else why not (for
 * `requireOrSkip`).
 */
export function galeraUnavailableReason(): string | null {
  for (const file of [MARIADBD, INSTALL_DB, PROVIDER, '/usr/bin/rsync'])
    if (!existsSync(file)) return `${file} not found (apt-get install mariadb-server galera-4 rsync)`;
  if (isRoot() && spawnSync('id', ['-u', 'mysql']).status !== 0)
    return 'running as root needs the "mysql" user for the nodes (rsync SST refuses root)';
  return null;
}

const isRoot = () => process.getuid?.() === 0;

interface NodeDir {
  readonly dir: string;
  readonly port: number;
  readonly socket: string;
  readonly conf: string;
}

/**
 * Starts a 3-node Galera cluster on free loopback ports in a temp folder (node 1 bootstraps, 2 and 3
 * join by rsync state transfer) and stops it, by PID, in `t`'s teardown. A detached watchdog also
 * kills the nodes and removes the folder if this process dies without teardown. As root the nodes
 * run as `mysql` (rsync state transfer fails as root).
 */
export async function startGalera(t: Test): Promise<TestGalera> {
  const base = mkdtempSync(join(tmpdir(), 'tf-galera-'));
  chmodSync(base, 0o755);
  const ports = await Promise.all(Array.from({ length: 12 }, freePort));
  const gcomm = [0, 1, 2].map((i) => `127.0.0.1:${ports[i * 4 + 1]}`).join(',');
  const nodes: NodeDir[] = [0, 1, 2].map((i) => {
    const dir = join(base, `node${i + 1}`);
    const [port, group, ist, sst] = ports.slice(i * 4, i * 4 + 4) as [number, number, number, number];
    mkdirSync(join(dir, 'data'), { recursive: true });
    const conf = join(dir, 'my.cnf');
    writeFileSync(conf, nodeConfig(dir, i + 1, { port, group, ist, sst }, gcomm));
    return { dir, port, socket: join(dir, 'mysqld.sock'), conf };
  });
  const owner = isRoot() ? mysqlIds() : null;
  const children: ChildProcess[] = [];
  const stop = stopper(children, base);
  t.teardown(stop);
  try {
    if (owner) for (const n of nodes) chownRecursive(n.dir, owner);
    const first = nodes[0] as NodeDir;
    const install = spawnSync(
      INSTALL_DB,
      [
        `--defaults-file=${first.conf}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...(owner ? ['--user=mysql'] : []),
      ],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed (${install.status}): ${install.stderr}`);
    children.push(startNode(first, true, owner !== null));
    await waitSynced(first, children[0] as ChildProcess);
    const root = await createConnection({ socketPath: first.socket, user: 'root' });
    await root.query(`CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'`);
    await root.query(`GRANT ALL ON *.* TO '${USER}'@'127.0.0.1' WITH GRANT OPTION`);
    await root.end();
    for (const n of nodes.slice(1)) {
      const child = startNode(n, false, owner !== null);
      children.push(child);
      await waitSynced(n, child);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const [n1, n2, n3] = nodes.map((n) => ({
    host: '127.0.0.1' as const,
    port: n.port,
    user: USER,
    password: PASSWORD,
  })) as [GaleraNode, GaleraNode, GaleraNode];
  return {
    nodes: [n1, n2, n3],
    async createDatabase(name) {
      const c = await connectNode(n1);
      await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await c.end();
    },
    async kill(index) {
      const child = children[index];
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    async restart(index) {
      const n = nodes[index] as NodeDir;
      const child = startNode(n, false, owner !== null);
      children[index] = child;
      await waitSynced(n, child);
    },
    stop,
  };
}

/**
 * A plain mysql2 connection to one node (UTC, dates as strings), optionally on `database`. Its
 * reads are causal (`wsrep_sync_wait = 1`): a node applies other nodes' writes asynchronously, so
 * without it a read just after another node's commit may not see it yet.
 */
export async function connectNode(node: GaleraNode, database?: string): Promise<Connection> {
  const c = await createConnection({
    host: node.host,
    port: node.port,
    user: node.user,
    password: node.password,
    database,
    timezone: 'Z',
    dateStrings: true,
  });
  await c.query('SET SESSION wsrep_sync_wait = 1');
  return c;
}

function nodeConfig(
  dir: string,
  n: number,
  p: { port: number; group: number; ist: number; sst: number },
  gcomm: string,
): string {
  return [
    '[mysqld]',
    `datadir=${join(dir, 'data')}`,
    `socket=${join(dir, 'mysqld.sock')}`,
    `pid-file=${join(dir, 'mysqld.pid')}`,
    `log_error=${join(dir, 'error.log')}`,
    `port=${p.port}`,
    'bind-address=127.0.0.1',
    'skip-name-resolve',
    'performance_schema=OFF',
    'innodb_buffer_pool_size=64M',
    'innodb_flush_log_at_trx_commit=2',
    'binlog_format=ROW',
    'default_storage_engine=InnoDB',
    'innodb_autoinc_lock_mode=2',
    'wsrep_on=ON',
    `wsrep_provider=${PROVIDER}`,
    `wsrep_cluster_address=gcomm://${gcomm}`,
    'wsrep_cluster_name=tf_test',
    `wsrep_node_name=node${n}`,
    `wsrep_node_address=127.0.0.1:${p.group}`,
    `wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=64M"`,
    'wsrep_sst_method=rsync',
    `wsrep_sst_receive_address=127.0.0.1:${p.sst}`,
    '',
  ].join('\n');
}

function mysqlIds(): { uid: number; gid: number } {
  const uid = Number(spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

function chownRecursive(path: string, o: { uid: number; gid: number }): void {
  const r = spawnSync('chown', ['-R', `${o.uid}:${o.gid}`, path]);
  if (r.status !== 0) chownSync(path, o.uid, o.gid);
}

/** Starts one node and notes its PID in `<base>/pids` for the watchdog (its pid-file comes later). */
function startNode(n: NodeDir, bootstrap: boolean, asMysql: boolean): ChildProcess {
  const args = [
    `--defaults-file=${n.conf}`,
    ...(asMysql ? ['--user=mysql'] : []),
    ...(bootstrap ? ['--wsrep-new-cluster'] : []),
  ];
  const child = spawn(MARIADBD, args, { stdio: 'ignore' });
  if (child.pid !== undefined) appendFileSync(join(n.dir, '..', 'pids'), `${child.pid}\n`);
  return child;
}

/** Waits until the node accepts socket connections and reports `wsrep_local_state_comment = Synced`. */
async function waitSynced(n: NodeDir, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not started';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const c = await createConnection({ socketPath: n.socket, user: 'root' });
      const [rows] = await c.query("SHOW STATUS LIKE 'wsrep_local_state_comment'");
      await c.end();
      last = String((rows as { Value?: unknown }[])[0]?.Value);
      if (last === 'Synced') return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const log = existsSync(join(n.dir, 'error.log')) ? readFileSync(join(n.dir, 'error.log'), 'utf8').slice(-3000) : '';
  throw new Error(
    `Galera node on port ${n.port} did not become Synced (${last}; exit ${child.exitCode ?? child.signalCode ?? 'none'}):\n${log}`,
  );
}

function stopper(children: ChildProcess[], base: string): () => Promise<void> {
  const killAll = () => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', killAll);
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), base], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  let stopped: Promise<void> | undefined;
  return () =>
    (stopped ??= (async () => {
      process.removeListener('exit', killAll);
      await Promise.all(children.map(stopChild));
      try {
        if (watchdog.pid !== undefined) process.kill(watchdog.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(base, { recursive: true, force: true });
    })());
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// Runs detached: when the test process disappears without teardown, SIGKILL every node (their
// PIDs are in <base>/pids) and remove the folder.
const WATCHDOG = `
const fs = require('node:fs'), path = require('node:path');
const [parent, base] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
const timer = setInterval(() => {
  if (!fs.existsSync(base)) { clearInterval(timer); return; }
  if (alive(parent)) return;
  clearInterval(timer);
  let pids = [];
  try { pids = fs.readFileSync(path.join(base, 'pids'), 'utf8').split('\\n').filter(Boolean); } catch {}
  for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch {} }
  setTimeout(() => { fs.rmSync(base, { recursive: true, force: true }); process.exit(0); }, 1000);
}, 500);
`;
