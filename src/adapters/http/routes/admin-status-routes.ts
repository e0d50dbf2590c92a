import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { JOB_NAMES, type JobName } from '../../../domain/job-run.ts';
import type { JobLaunchResult } from '../../../domain/ports/job-launcher.ts';
import { STALE_BACKUP_HOURS } from '../../../domain/system-status-service.ts';
import { adminFormat, jobLabel } from '../admin-format.ts';
import type { AppServices } from '../app-services.ts';
import { backupSizeChart, runStrip, STRIP } from '../job-charts.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { oneOf, text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AdminStatusRouteServices = Pick<
  AppServices,
  'jobStatus' | 'deployments' | 'systemStatus' | 'schemaCheck' | 'jobControl' | 'health'
>;

/** How many runs / deploys the pages list, and how many runs a job's strip shows. */
const RECENT_RUNS = 30;
const RECENT_DEPLOYS = 50;
const STRIP_RUNS = 30;
/** Deploys on the admin home. */
const HOME_DEPLOYS = 5;

/** What "Run now" answered, as the jobs page's notice (fixed texts: nothing is echoed). */
const RUN_NOTICES: Readonly<Record<JobLaunchOutcome, (job: string) => string>> = {
  succeeded: (job) => `${job} ran now and succeeded.`,
  failed: (job) => `${job} ran now and failed: its error is below.`,
  skipped: (job) =>
    `${job} is already running (on this or another server), so it was not started again; this attempt is recorded as skipped.`,
  cancelled: (job) => `${job} was cancelled before it finished: the server is stopping.`,
  running: (job) =>
    `${job} started and is still running: it goes on in the background. The table shows it as running until it ends; reload the page to see its result.`,
};

const RunParams = Type.Object({ name: oneOf(JOB_NAMES) });
const CsrfBody = Type.Object({ _csrf: text() });

/**
 * The administrators' status pages: `/admin` (the system at a glance), `/admin/jobs` (each job's
 * last run, next run, last runs as a strip, backup size over time, "Run now"), and
 * `/admin/deployments` (recent deploys).
 */
export const adminStatusRoutes = fp(
  async function adminStatusRoutes(fastify, opts: RouteOptions<AdminStatusRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { jobStatus, deployments, systemStatus, schemaCheck, jobControl } = opts.services;

    app.get('/admin', { config: { access: 'admin' } }, async (request, reply) => {
      const [status, health, schema] = await Promise.all([
        systemStatus.status(HOME_DEPLOYS),
        opts.services.health(),
        schemaCheck.latest(),
      ]);
      return page(request, reply, 'admin-home', {
        title: 'Admin',
        status,
        health,
        schema,
        staleHours: STALE_BACKUP_HOURS,
        fmt: adminFormat,
      });
    });

    app.post(
      '/admin/schema-check',
      { schema: { body: CsrfBody }, config: { access: 'admin' } },
      async (_request, reply) => {
        await schemaCheck.recheck();
        return redirectWithNotice(reply, '/admin', NOTICES['schema-checked']);
      },
    );

    app.get('/admin/jobs', { config: { access: 'admin' } }, async (request, reply) => {
      const [overview, lastRuns, backups] = await Promise.all([
        jobStatus.overview(RECENT_RUNS),
        jobStatus.lastRuns(STRIP_RUNS),
        jobStatus.goodBackups(STRIP_RUNS),
      ]);
      const strips = new Map(lastRuns.map((j) => [j.jobName, runStrip(j.runs)]));
      return page(request, reply, 'admin-jobs', {
        title: 'Jobs',
        overview,
        strips,
        stripRuns: STRIP_RUNS,
        markWidth: STRIP.markWidth,
        sizes: backupSizeChart(backups),
        schedule: systemStatus.schedule(),
        limit: RECENT_RUNS,
        fmt: adminFormat,
      });
    });

    app.post(
      '/admin/jobs/:name/run',
      { schema: { params: RunParams, body: CsrfBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const name: JobName = request.params.name;
        const result = await jobControl.runNow(name, request.user!.username);
        return redirectWithNotice(reply, '/admin/jobs', runNotice(result)(jobLabel(name)));
      },
    );

    app.get('/admin/deployments', { config: { access: 'admin' } }, async (request, reply) =>
      page(request, reply, 'admin-deployments', {
        title: 'Deployments',
        deployments: await deployments.recent(RECENT_DEPLOYS),
        limit: RECENT_DEPLOYS,
        fmt: adminFormat,
      }),
    );
  },
  { name: 'admin-status-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** How a "Run now" went: finished with its status, or still running. */
type JobLaunchOutcome = Extract<JobLaunchResult, { state: 'finished' }>['status'] | 'running';

/** The notice for how a "Run now" went. */
function runNotice(result: JobLaunchResult): (job: string) => string {
  return RUN_NOTICES[result.state === 'running' ? 'running' : result.status];
}
