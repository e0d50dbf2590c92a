import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';

/** `GET /employees/search?q=`: the type-ahead's JSON (the pages also work without it). */
export async function employeeRoutes(app: FastifyInstance, opts: { services: AppServices }) {
  app.get('/employees/search', { config: { access: 'user' } }, async (request, reply) => {
    const q = (request.query as Record<string, unknown>).q;
    const text = typeof q === 'string' ? q.trim().slice(0, 120) : '';
    const found = text.length >= 2 ? await opts.services.details.searchEmployees(text, 15) : [];
    return reply.header('cache-control', 'no-store').send({
      employees: found.map((e) => ({ id: e.id, displayName: e.displayName, email: e.email, department: e.department })),
    });
  });
}
