import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './build-app.ts';
import { composeWebServer } from './composition/web-server.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { startScheduler, type Scheduler } from './jobs/scheduler.ts';

/** The only place that listens: loads the configuration, migrates in development, serves, stops cleanly. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const web = await composeWebServer(config);
  const app = await buildApp(config, web.services);
  if (config.migrateOnStart) {
    const applied = await web.migrate();
    app.log.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema up to date');
  }
  // The schema verdict is ready before the first /health (migrate() has just computed it).
  const schema = config.migrateOnStart ? (await web.services.health()).schema : await web.checkSchema();
  if (schema.matches === false)
    app.log.error(
      { schema },
      'the database does not match the declared schema: /health answers 503 (npm run db -- check)',
    );
  try {
    const added = await web.seedAdmins();
    if (added.length > 0) app.log.info({ added }, `added ${added.length} administrator(s) from ADMIN_USERS`);
  } catch (error) {
    // The database may be down or not yet migrated: serve anyway (/health reports it) and say so.
    app.log.error({ err: error }, 'could not add the ADMIN_USERS administrators');
  }

  let scheduler: Scheduler | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.server.shutdownTimeoutMs);
    timer.unref();
    await app.close();
    await scheduler?.stop(Math.floor(config.server.shutdownTimeoutMs / 2));
    await web.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (config.server.readyFile) writeFileSync(config.server.readyFile, `${process.pid}\n`);
  await listenWhenFree(app, config);
  // Nightly jobs (production, or JOBS_ENABLED): Bree workers; a failing job never stops the server.
  if (config.jobs.enabled) scheduler = await startScheduler(config, app.log);
}

/** Listens; while the port is taken (the previous release still stopping), retries for LISTEN_RETRY_MS. */
async function listenWhenFree(app: FastifyInstance, config: Config): Promise<void> {
  const deadline = Date.now() + config.server.listenRetryMs;
  for (;;) {
    try {
      await app.listen({ host: config.host, port: config.port });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() >= deadline) throw error;
      await sleep(10);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
