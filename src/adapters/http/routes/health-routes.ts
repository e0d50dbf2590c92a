import fp from 'fastify-plugin';
import type { AppServices } from '../app-services.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type HealthRouteServices = Pick<AppServices, 'health'>;

/**
 * `GET /health` (no session needed, no inputs): 200 when the database answers and matches the
 * declared schema; 503 while it does not answer, or when it differs from the declaration (the
 * release does not match its database: load balancers and the deploy must not send it traffic).
 */
export const healthRoutes = fp(
  async function healthRoutes(app, opts: RouteOptions<HealthRouteServices>) {
    app.get('/health', { logLevel: 'warn', config: { access: 'public' } }, async (_request, reply) => {
      const report = await opts.services.health();
      return reply
        .status(report.database.reachable && report.schema.matches !== false ? 200 : 503)
        .header('cache-control', 'no-store')
        .send(report);
    });
  },
  { name: 'health-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
