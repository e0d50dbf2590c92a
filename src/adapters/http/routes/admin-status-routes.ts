import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { JOB_NAMES, type JobName } from '../../../domain/job-run.ts';
import type { JobLaunchResult } from '../../../domain/ports/job-launcher.ts';
import { STALE_BACKUP_HOURS } from '../../../domain/system-status-service.ts';
import { adminFormat, jobLabel } from '../admin-format.ts';
import type { AppServices } from '../app-services.ts';
import { backupSizeChart, runStrip, STRIP } from '../job-charts.ts';
import { page } from '../render.ts';
import { NoticeQuery, oneOf, text, type TypeBoxProvider } from '../route-schemas.ts';
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

/** What "Run now" answered, as the `?notice=` of the jobs page (fixed texts: nothing is echoed). */
const RUN_NOTICES: Readonly<Record<string, (job: string) => string>> = {
  'run-succeeded': (job) => `${job} ran now and succeeded.`,
  'run-failed': (job) => `${job} ran now and failed: its error is below.`,
  'run-skipped': (job) =>
    `${job} is already running (on this or another server), so it was not started again; this attempt is recorded as skipped.`,
  'run-cancelled': (job) => `${job} was cancelled before it finished: the server is stopping.`,
  'run-running': (job) =>
    `${job} started and is still running: it goes on in the background. The table shows it as running until it ends; reload the page to see its result.`,
};

const NOTICES: Readonly<Record<string, string>> = {
  'schema-checked': 'The database was checked again.',
};

const JobsQuery = Type.Object({ notice: text(), job: Type.Optional(oneOf(JOB_NAMES)) });
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

    app.get('/admin', { schema: { querystring: NoticeQuery }, config: { access: 'admin' } }, async (request, reply) => {
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
        notice: request.query.notice === undefined ? null : (NOTICES[request.query.notice] ?? null),
        fmt: adminFormat,
      });
    });

    app.post(
      '/admin/schema-check',
      { schema: { body: CsrfBody }, config: { access: 'admin' } },
      async (_request, reply) => {
        await schemaCheck.recheck();
        return reply.redirect('/admin?notice=schema-checked', 303);
      },
    );

    app.get(
      '/admin/jobs',
      { schema: { querystring: JobsQuery }, config: { access: 'admin' } },
      async (request, reply) => {
        const [overview, lastRuns, backups] = await Promise.all([
          jobStatus.overview(RECENT_RUNS),
          jobStatus.lastRuns(STRIP_RUNS),
          jobStatus.goodBackups(STRIP_RUNS),
        ]);
        const strips = new Map(lastRuns.map((j) => [j.jobName, runStrip(j.runs)]));
        const { notice, job } = request.query;
        const noticeText = notice !== undefined && job !== undefined ? RUN_NOTICES[notice]?.(jobLabel(job)) : null;
        return page(request, reply, 'admin-jobs', {
          title: 'Jobs',
          overview,
          strips,
          stripRuns: STRIP_RUNS,
          markWidth: STRIP.markWidth,
          sizes: backupSizeChart(backups),
          schedule: systemStatus.schedule(),
          limit: RECENT_RUNS,
          notice: noticeText ?? null,
          fmt: adminFormat,
        });
      },
    );

    app.post(
      '/admin/jobs/:name/run',
      { schema: { params: RunParams, body: CsrfBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const name: JobName = request.params.name;
        const result = await jobControl.runNow(name, request.user!.username);
        return reply.redirect(`/admin/jobs?notice=${runNotice(result)}&job=${name}`, 303);
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

/** The notice code for how a "Run now" went. */
function runNotice(result: JobLaunchResult): string {
  return result.state === 'running' ? 'run-running' : `run-${result.status}`;
}
