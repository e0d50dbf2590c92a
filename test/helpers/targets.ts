import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import {
  connectDatabase,
  type DatabaseHandle,
  type DatabaseSettings,
} from '../../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../src/adapters/db/migrator/migrations.ts';
import { galeraUnavailableReason, startGalera } from './galera.ts';
import { createMariadbDatabase, mariadbUnavailableReason } from './mariadb.ts';
import { requireOrSkip } from './requirements.ts';

/**
 * Every target a suite can run on, in one list (kysely's `DIALECTS`): the in-memory fakes of
 * `test/fakes`, SQLite (a temp file), the MariaDB on 127.0.0.1:3306 and a throwaway 3-node Galera
 * cluster. `TEST_TARGETS=sqlite,mariadb` narrows a run to those; without it every target but the
 * opt-in ones runs. A selected target that cannot be reached fails under `CI` and is skipped
 * loudly elsewhere ({@link requireOrSkip}); that is the only way a selected target is left out.
 */
export const TARGETS = ['memory', 'sqlite', 'mariadb', 'galera'] as const;
export type TargetName = (typeof TARGETS)[number];
export type DatabaseTargetName = Exclude<TargetName, 'memory'>;

/** Slow to start (~15 s per suite), so a loop over targets includes it only when `TEST_TARGETS` names it. */
const OPT_IN: ReadonlySet<TargetName> = new Set(['galera']);

/**
 * The targets this run covers, from `TEST_TARGETS` (unknown names throw, so a typo cannot run
 * nothing). Without it: every target but the opt-in ones, or (`withOptIn`, for a suite written for
 * one target, such as the Galera suite) every target.
 */
export function selectedTargets(
  env: NodeJS.ProcessEnv = process.env,
  options: { withOptIn?: boolean } = {},
): ReadonlySet<TargetName> {
  const listed = env.TEST_TARGETS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!listed?.length) return new Set(TARGETS.filter((name) => options.withOptIn || !OPT_IN.has(name)));
  const unknown = listed.filter((name) => !(TARGETS as readonly string[]).includes(name));
  if (unknown.length)
    throw new Error(`TEST_TARGETS names unknown targets: ${unknown.join(', ')} (known: ${TARGETS.join(', ')})`);
  return new Set(listed as TargetName[]);
}

/** A fresh, empty database on one target, and how to drop it. */
interface Provisioned {
  readonly settings: DatabaseSettings;
  drop(): Promise<void>;
}

interface DatabaseTarget {
  /** What is needed, for the skip/fail message. */
  readonly needs: string;
  unavailableReason(): Promise<string | null>;
  /** Creates the database; `t` owns anything that must outlive it (the Galera cluster). */
  provision(t: Test): Promise<Provisioned>;
}

const DATABASES: Record<DatabaseTargetName, DatabaseTarget> = {
  sqlite: {
    needs: 'SQLite',
    unavailableReason: async () => null,
    provision: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tf-sqlite-'));
      return {
        settings: { dialect: 'sqlite', path: join(dir, 'test.db') },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  mariadb: {
    needs: 'MariaDB on 127.0.0.1:3306',
    unavailableReason: mariadbUnavailableReason,
    provision: () => createMariadbDatabase(),
  },
  galera: {
    needs: 'a Galera cluster (mariadbd, galera-4, rsync)',
    unavailableReason: async () => galeraUnavailableReason(),
    provision: async (t) => {
      const cluster = await startGalera(t);
      const node = cluster.nodes[0];
      await cluster.createDatabase('tf_targets');
      const settings: DatabaseSettings = {
        dialect: 'mariadb',
        ...node,
        database: 'tf_targets',
        connectionLimit: 5,
        connectTimeoutMs: 5000,
      };
      return { settings, drop: async () => {} };
    },
  },
};

/**
 * Runs `body` in a subtest named after each target of `among` (in list order) that this run
 * selects. A target left out by `TEST_TARGETS` is noted in a comment; a selected one that cannot
 * be reached fails under CI and skips loudly elsewhere.
 */
export async function forEachTarget<N extends TargetName>(
  t: Test,
  among: readonly N[],
  body: (t: Test, target: N) => Promise<void>,
): Promise<void> {
  const selected = selectedTargets();
  for (const name of TARGETS.filter((n): n is N => (among as readonly string[]).includes(n))) {
    if (!selected.has(name)) {
      t.comment(`${name}: not in TEST_TARGETS, not run`);
      continue;
    }
    await t.test(name, async (t) => {
      const database = name === 'memory' ? null : DATABASES[name as DatabaseTargetName];
      if (database && !requireOrSkip(t, database.needs, await database.unavailableReason())) return;
      await body(t, name);
    });
  }
}

/**
 * For a suite written for one database target (a MariaDB-only or the Galera suite): true when the
 * target is selected and reachable. Left out by `TEST_TARGETS`, it is noted in a comment; selected
 * but unreachable, it fails under CI and skips loudly elsewhere (as {@link forEachTarget} does).
 * Opt-in targets are selected here without `TEST_TARGETS`: such a suite exists to run on its target.
 */
export async function requireTarget(t: Test, name: DatabaseTargetName): Promise<boolean> {
  if (!selectedTargets(process.env, { withOptIn: true }).has(name)) {
    t.comment(`${name}: not in TEST_TARGETS, not run`);
    return false;
  }
  return requireOrSkip(t, DATABASES[name].needs, await DATABASES[name].unavailableReason());
}

export interface DialectContext {
  readonly target: DatabaseTargetName;
  readonly settings: DatabaseSettings;
  /** Opens (and tracks for teardown) a fresh handle on the same database (MariaDB: pool size overridable). */
  open(overrides?: { connectionLimit?: number }): DatabaseHandle;
}

export type DatabaseBody = (t: Test, handle: DatabaseHandle, ctx: DialectContext) => Promise<void>;

/**
 * Runs `body` against a fresh, empty database on `target` (the caller has checked it is selected
 * and reachable, as {@link forEachTarget} does). With `migrate` (the default) the schema is applied
 * first. Every handle opened is closed, and the database dropped, afterwards.
 */
export async function withDatabase(
  t: Test,
  target: DatabaseTargetName,
  body: DatabaseBody,
  options: { migrate?: boolean } = {},
): Promise<void> {
  const { settings, drop } = await DATABASES[target].provision(t);
  const handles: DatabaseHandle[] = [];
  const open = (overrides: { connectionLimit?: number } = {}) => {
    const h = connectDatabase(settings.dialect === 'mariadb' ? { ...settings, ...overrides } : settings);
    handles.push(h);
    return h;
  };
  try {
    const handle = open();
    if (options.migrate !== false) await migrateToLatest(handle.db);
    await body(t, handle, { target, settings, open });
  } finally {
    for (const h of handles) await h.close();
    await drop();
  }
}

/** The database targets a port's contract suite runs on: both dialects, and the Galera cluster when opted in. */
export const CONTRACT_DATABASES = ['sqlite', 'mariadb', 'galera'] as const satisfies readonly DatabaseTargetName[];

/** {@link forEachTarget} over database targets, each with a fresh database ({@link withDatabase}). */
export function forEachDatabase(
  t: Test,
  among: readonly DatabaseTargetName[],
  body: DatabaseBody,
  options: { migrate?: boolean } = {},
): Promise<void> {
  return forEachTarget(t, among, (t, target) => withDatabase(t, target, body, options));
}

/**
 * The SQL dialects of production (SQLite, MariaDB), each with a fresh database: {@link forEachDatabase}'s common case.
 */
export function forEachDialect(t: Test, body: DatabaseBody, options: { migrate?: boolean } = {}): Promise<void> {
  return forEachDatabase(t, ['sqlite', 'mariadb'], body, options);
}
