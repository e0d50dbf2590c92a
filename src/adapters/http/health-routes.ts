import type { FastifyInstance } from 'fastify';
import type { AppServices } from './app-services.ts';

/**
 * `GET /health` (no session needed): 200 when the database answers and matches the declared
 * schema; 503 while it does not answer, or when it differs from the declaration (the release does
 * not match its database: load balancers and the deploy must not send it traffic).
 */
export async function healthRoutes(app: FastifyInstance, opts: { services: AppServices }) {
  app.get('/health', { logLevel: 'warn', config: { access: 'public' } }, async (_request, reply) => {
    const report = await opts.services.health();
    return reply
      .status(report.database.reachable && report.schema.matches !== false ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}
