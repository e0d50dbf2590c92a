/**
 * The pure pieces of the database side the operator CLIs use (planning migrations, comparing and
 * reporting schemas, writing migration files), and the errors they map to exit codes. `ops/`
 * reaches the adapters only through this folder; none of these touches a connection.
 */
export { BackupInvalidError } from '../../adapters/backup/manifest.ts';
export { RestoreRefusedError } from '../../adapters/backup/fs-backup-store.ts';
export { describeCluster } from '../../adapters/db/mariadb/mariadb-cluster-status.ts';
export { MigrationLockedError } from '../../adapters/db/locks/migration-lock.ts';
export {
  MigrationPlanError,
  planDowngrade,
  planStamp,
  planUpgrade,
  type MigrationStatus,
} from '../../adapters/db/migrator/migration-plan.ts';
export { MigrationFailedError, type MigrationEvent } from '../../adapters/db/migrator/migration-runner.ts';
export { MIGRATIONS_FOLDER } from '../../adapters/db/migrator/migrations.ts';
export type { DatabaseSettings } from '../../adapters/db/connection/connect.ts';
export { planMigration } from '../../adapters/schema-check/autogenerate.ts';
export { formatCheckReport } from '../../adapters/schema-check/check-report.ts';
export { declaredModel } from '../../adapters/schema-check/declared-model.ts';
export { migrationName, renderMigrationFile } from '../../adapters/schema-check/migration-file.ts';
export { checkSchema, type CheckReport } from '../../adapters/schema-check/schema-check.ts';
export { DatabaseUnavailableError, describeTarget, type OperatorDatabase } from './operator-database.ts';
export { composeOperatorTools, InvalidSchemaModuleError, type OperatorTools } from './operator-tools.ts';
export { describeAuditBreak } from '../../domain/audit-chain-check.ts';
export type { AuditChainReport } from '../../domain/verify-audit-chain.ts';
export type { AuditTrailVerification } from './operator-audit.ts';
export type { ProgressListener, ProgressReport } from '../../domain/ports/progress-listener.ts';
export type { ReferenceMatchReport } from './operator-documents.ts';
export type {
  TrainingSummaryCheck,
  TrainingSummaryDifference,
  TrainingSummaryFact,
} from '../../domain/ports/training-summary.ts';
export type { UnmatchedReason } from '../../domain/reference-matching.ts';
