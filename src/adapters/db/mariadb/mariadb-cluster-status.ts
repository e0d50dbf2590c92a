import { sql } from 'kysely';
import type { DatabaseHandle } from '../connection/connect.ts';

/** The state of the Galera node the app talks to (MariaDB with wsrep on). */
export interface ClusterStatus {
  readonly provider: 'galera';
  /** `wsrep_local_state_comment`: `Synced`, `Donor/Desynced`, `Joining`, `Joined`, … */
  readonly state: string;
  readonly synced: boolean;
  /** `wsrep_ready`: the node accepts queries. */
  readonly ready: boolean;
  /** `wsrep_cluster_status` is `Primary`: the node is part of the quorum. */
  readonly primary: boolean;
  readonly size: number;
}

/**
 * The node's cluster state, or null when there is no cluster (SQLite, or MariaDB with
 * `wsrep_on` off). Two small queries; the caller decides how often.
 */
export async function readClusterStatus(handle: DatabaseHandle): Promise<ClusterStatus | null> {
  if (handle.dialect !== 'mariadb') return null;
  const {
    rows: [on],
  } = await sql<{ on: number | string }>`select @@wsrep_on as ${sql.id('on')}`.execute(handle.db);
  if (Number(on?.on) !== 1) return null;
  const { rows } = await sql<{ Variable_name: string; Value: string }>`show global status where Variable_name in
    ('wsrep_local_state_comment', 'wsrep_ready', 'wsrep_cluster_status', 'wsrep_cluster_size')`.execute(handle.db);
  const v = Object.fromEntries(rows.map((r) => [r.Variable_name.toLowerCase(), r.Value]));
  const state = v.wsrep_local_state_comment ?? 'unknown';
  return {
    provider: 'galera',
    state,
    synced: state === 'Synced',
    ready: v.wsrep_ready === 'ON',
    primary: v.wsrep_cluster_status === 'Primary',
    size: Number(v.wsrep_cluster_size ?? 0),
  };
}

/** One line for people: `Galera node Synced, ready, in a Primary cluster of 3`. */
export const describeCluster = (c: ClusterStatus): string =>
  `Galera node ${c.state}, ${c.ready ? 'ready' : 'NOT ready'}, in a ${c.primary ? 'Primary' : 'NON-PRIMARY'} cluster of ${c.size}`;
