import type { DatabaseHandle } from '../../adapters/db/connection/connect.ts';
import { databaseStatus, migrationNamesInCode } from '../../adapters/db/connection/database-status.ts';
import { readClusterStatus, type ClusterStatus } from '../../adapters/db/mariadb/mariadb-cluster-status.ts';
import type { HealthReport } from '../../adapters/http/app-services.ts';
import { declaredSchemaVerdict, type SchemaVerdict } from '../../adapters/schema-check/schema-verdict.ts';
import type { FsAttachmentStore } from '../../adapters/storage/fs-attachment-store.ts';
import { diskReport } from '../../adapters/storage/free-space.ts';
import type { Clock } from '../../domain/ports/clock.ts';
import type { Config } from '../config.ts';
import { COMMIT, VERSION } from './release-info.ts';

/** The instance's health and schema verdict, as `/health` and start-up use them. */
export interface HealthCheck {
  health(): Promise<HealthReport>;
  /** Compares the live database with the declared schema again; `/health` reports the result. */
  checkSchema(): Promise<SchemaVerdict>;
  /** Reads the migration files again (after migrating), then checks the schema. */
  migrationsChanged(): Promise<void>;
}

/** Builds the health check of one instance over its database and upload store. */
export async function healthCheck(
  config: Config,
  database: DatabaseHandle,
  files: FsAttachmentStore,
  clock: Clock,
): Promise<HealthCheck> {
  let knownMigrations = await migrationNamesInCode();
  const startedAt = Date.now();

  // The declared schema against the live one: computed at start-up and after migrations, not per
  // request; while it is unknown (the database was down), the next probe that reaches it computes it.
  let schema: SchemaVerdict = { matches: null, checkedAt: null, error: 'not checked yet' };
  let schemaInFlight: Promise<SchemaVerdict> | null = null;
  const checkSchema = (): Promise<SchemaVerdict> =>
    (schemaInFlight ??= declaredSchemaVerdict(database.db, database.dialect, clock.now())
      .catch((error: unknown): SchemaVerdict => ({
        matches: null,
        checkedAt: clock.now().toISOString(),
        error: error instanceof Error ? error.message : String(error),
      }))
      .then((verdict) => (schema = verdict))
      .finally(() => {
        schemaInFlight = null;
      }));

  // A Galera node's state, read with each probe once a probe has seen wsrep on (one query per
  // probe on a cluster; on SQLite or a single MariaDB server only the first probe asks).
  let onCluster: boolean | null = null;
  const clusterState = async (): Promise<ClusterStatus | null> => {
    if (onCluster === false) return null;
    // The database's reachability is reported by databaseStatus; a cluster query that fails in
    // between leaves the question open for the next probe instead of failing this one.
    const status = await readClusterStatus(database).catch(() => undefined);
    if (status === undefined) return null;
    onCluster = status !== null;
    return status;
  };

  const checkHealth = async (): Promise<HealthReport> => {
    const [db, uploadsWritable, disk] = await Promise.all([
      databaseStatus(database, knownMigrations),
      files.writable(),
      diskReport({ uploads: config.uploadFolder, backups: config.jobs.backupFolder }, config.minFreeDiskMb),
    ]);
    // Unknown (never computed, or the last try failed): computed again, at most every 30 s.
    if (
      db.reachable &&
      schema.matches === null &&
      (schema.checkedAt === null || clock.now().getTime() - Date.parse(schema.checkedAt) > 30_000)
    )
      await checkSchema();
    const cluster = db.reachable ? await clusterState() : null;
    const clusterOk = !cluster || (cluster.synced && cluster.ready && cluster.primary);
    return {
      status: !db.reachable
        ? 'unavailable'
        : schema.matches === true && db.migrations?.upToDate && uploadsWritable && !disk.low && clusterOk
          ? 'ok'
          : 'degraded',
      version: VERSION,
      commit: COMMIT,
      environment: config.appEnv,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      database: cluster ? { ...db, cluster } : db,
      uploads: { writable: uploadsWritable },
      disk,
      schema,
    };
  };
  // Probes arriving while a check runs share it (never a result older than that one check):
  // a load balancer's burst of probes costs one database round trip, not one each.
  let healthInFlight: Promise<HealthReport> | null = null;
  const health = (): Promise<HealthReport> =>
    (healthInFlight ??= checkHealth().finally(() => {
      healthInFlight = null;
    }));

  return {
    health,
    checkSchema,
    async migrationsChanged() {
      knownMigrations = await migrationNamesInCode();
      await checkSchema();
    },
  };
}
