import { existsSync, readFileSync } from 'node:fs';
import { connectDatabase, type DatabaseHandle } from '../adapters/db/connect.ts';
import { databaseStatus, migrationNamesInCode } from '../adapters/db/database-status.ts';
import { KyselyEmployeeRepository } from '../adapters/db/kysely-employee-repository.ts';
import { KyselyUnitOfWork } from '../adapters/db/kysely-unit-of-work.ts';
import { migrateToLatest } from '../adapters/db/migrations.ts';
import type { AppServices, HealthReport } from '../adapters/http/app-services.ts';
import { FsAttachmentStore } from '../adapters/storage/fs-attachment-store.ts';
import type { Clock } from '../domain/ports/clock.ts';
import { TrainingFormService } from '../domain/training-form-service.ts';
import type { Config } from './config.ts';

/** The nearest package.json's version: `src/app` in development, `dist/src/app` when compiled. */
function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    const url = new URL(up, import.meta.url);
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}
const VERSION = packageVersion();

export const systemClock: Clock = { now: () => new Date() };

/** Every adapter and service of one application instance; `close()` releases them all. */
export interface Composition extends AppServices {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly employees: KyselyEmployeeRepository;
  readonly files: FsAttachmentStore;
  /** Applies pending migrations (development start-up; deployments use `npm run db`). */
  migrate(): Promise<readonly string[]>;
  close(): Promise<void>;
}

/** The composition root: builds adapters and services from the validated configuration. */
export async function compose(config: Config, options: { clock?: Clock } = {}): Promise<Composition> {
  const clock = options.clock ?? systemClock;
  const database = connectDatabase(config.database);
  const files = new FsAttachmentStore(config.uploadFolder);
  await files.init();
  let knownMigrations = await migrationNamesInCode();
  const startedAt = Date.now();

  const health = async (): Promise<HealthReport> => {
    const [db, uploadsWritable] = await Promise.all([databaseStatus(database, knownMigrations), files.writable()]);
    return {
      status: !db.reachable ? 'unavailable' : db.migrations?.upToDate && uploadsWritable ? 'ok' : 'degraded',
      version: VERSION,
      environment: config.appEnv,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      database: db,
      uploads: { writable: uploadsWritable },
    };
  };

  return {
    config,
    database,
    files,
    employees: new KyselyEmployeeRepository(database.db),
    forms: new TrainingFormService({ uow: new KyselyUnitOfWork(database.db), files, clock }),
    health,
    async migrate() {
      const results = await migrateToLatest(database.db);
      knownMigrations = await migrationNamesInCode();
      return results.map((r) => r.migrationName);
    },
    close: () => database.close(),
  };
}
