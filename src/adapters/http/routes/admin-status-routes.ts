import fp from 'fastify-plugin';
import { adminFormat } from '../admin-format.ts';
import type { AppServices } from '../app-services.ts';
import { page } from '../render.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AdminStatusRouteServices = Pick<AppServices, 'jobStatus' | 'deployments'>;

/** How many runs / deploys the pages list. */
const RECENT_RUNS = 30;
const RECENT_DEPLOYS = 50;

/** `/admin/jobs` (last result of each job, recent runs) and `/admin/deployments` (recent deploys). No inputs. */
export const adminStatusRoutes = fp(
  async function adminStatusRoutes(app, opts: RouteOptions<AdminStatusRouteServices>) {
    const { jobStatus, deployments } = opts.services;

    app.get('/admin/jobs', { config: { access: 'admin' } }, async (request, reply) =>
      page(request, reply, 'admin-jobs', {
        title: 'Job runs',
        overview: await jobStatus.overview(RECENT_RUNS),
        limit: RECENT_RUNS,
        fmt: adminFormat,
      }),
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
