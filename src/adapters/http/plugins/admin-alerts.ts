import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AdminAlert } from '../../../domain/system-status-service.ts';
import { jobLabel, when } from '../admin-format.ts';
import type { AppServices } from '../app-services.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Data every view of this request gets: @fastify/view merges it into each template's data. */
    locals: Record<string, unknown> | null | undefined;
  }
}

/** One line of the banner, for people. */
export interface AlertLine {
  readonly text: string;
  readonly href: string;
  readonly linkText: string;
}

/** What an alert says. */
export function alertLine(alert: AdminAlert): AlertLine {
  if (alert.kind === 'job-failed') {
    const { run } = alert;
    const label = jobLabel(alert.jobName);
    const why =
      run.status === 'interrupted'
        ? 'its process ended before it finished'
        : firstLine(run.error ?? 'no error was recorded');
    return {
      text: `${label} ${run.status === 'interrupted' ? 'was interrupted' : 'failed'} (started ${when(run.startedAt)}): ${why}`,
      href: '/admin/jobs',
      linkText: 'See the jobs',
    };
  }
  return {
    text:
      alert.lastGood === null
        ? 'No backup has succeeded yet in this environment.'
        : `No backup has succeeded for ${alert.ageHours ?? '?'} hours: the last good one started ${when(alert.lastGood.startedAt)}.`,
    href: '/admin/jobs',
    linkText: 'See the backups',
  };
}

/** The first line of an error, at most 300 characters. */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

export type AdminAlertServices = Pick<AppServices, 'systemStatus'>;

/**
 * The banner of every admin page (a route declared `access: 'admin'`): a failed job, a stale
 * backup. Read once per admin request, after access and CSRF are checked (the newest run of each
 * job: a few rows), and handed to every view of the request (`reply.locals.adminAlerts`, which
 * `layout.eta` shows). A failure to read it never fails the page: the banner is left out and logged.
 */
export const adminAlerts = fp(
  async function adminAlerts(app: FastifyInstance, opts: { services: AdminAlertServices }) {
    const { systemStatus } = opts.services;
    app.addHook('preHandler', async (request, reply) => {
      if (request.routeOptions.config.access !== 'admin' || !request.user?.isAdmin) return;
      try {
        const alerts = await systemStatus.alerts();
        reply.locals = { ...reply.locals, adminAlerts: alerts.map(alertLine) };
      } catch (error) {
        request.log.warn({ err: error }, 'could not read the admin alerts');
      }
    });
  },
  { name: 'admin-alerts', dependencies: ['web', 'access-control'] },
);
