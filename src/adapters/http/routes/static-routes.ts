import type { FastifyInstance } from 'fastify';

const FILES = /^[a-z0-9-]+\.(css|js|svg|ico)$/;

/** `GET /static/<file>`: the pages' own CSS, script and icons (no CDN; no session needed). */
export async function staticRoutes(app: FastifyInstance) {
  app.get<{ Params: { file: string } }>('/static/:file', { config: { access: 'public' }, logLevel: 'warn' }, (request, reply) => {
    if (!FILES.test(request.params.file)) return reply.callNotFound();
    return reply.sendFile(request.params.file, { maxAge: 3_600_000 });
  });
}
