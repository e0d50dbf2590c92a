import type { FastifyInstance } from 'fastify';
import type { AppServices } from './app-services.ts';

/** `GET /health`: 200 when the database answers, 503 while it does not (no session needed). */
export async function healthRoutes(app: FastifyInstance, opts: { services: AppServices }) {
  app.get('/health', { logLevel: 'warn', config: { access: 'public' } }, async (_request, reply) => {
    const report = await opts.services.health();
    return reply
      .status(report.database.reachable ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}
