import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import type { TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES } from './route-plugin.ts';

/** Only the pages' own files by name: no path separators, no dot files (anything else is a 404). */
const StaticParams = Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]+\\.(css|js|svg|ico)$' }) });

/** `GET /static/<file>`: the pages' own CSS, script and icons (no CDN; no session needed). */
export const staticRoutes = fp(
  async function staticRoutes(fastify) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    app.get(
      '/static/:file',
      { schema: { params: StaticParams }, config: { access: 'public' }, logLevel: 'warn' },
      (request, reply) => reply.sendFile(request.params.file, { maxAge: 3_600_000 }),
    );
  },
  { name: 'static-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
