import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DirectoryUnavailableError, ValidationError } from '../../../domain/errors.ts';
import type { AppServices } from '../app-services.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { oneOf, text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AdminUserRouteServices = Pick<AppServices, 'adminUsers'>;

const UsernameBody = Type.Object({ username: text(), _csrf: text() });
/** Adding: the name typed; `confirmed` once the page showed who the directory says it is. */
const AddBody = Type.Object({ username: text(), confirmed: Type.Optional(oneOf(['yes'] as const)), _csrf: text() });
const UsernameQuery = Type.Object({ username: text() });

/** `/admin/users`: the administrators listed by name (add, remove; never the last one). */
export const adminUserRoutes = fp(
  async function adminUserRoutes(fastify, opts: RouteOptions<AdminUserRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { adminUsers } = opts.services;

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
      status = 200,
    ) =>
      page(
        request,
        reply,
        'admin-users',
        { title: 'Administrators', ...(await adminUsers.overview()), username: '', errors: {}, ...extra },
        status,
      );

    app.get('/admin/users', { config: { access: 'admin' } }, (request, reply) => render(request, reply));

    // First who the name is (from the directory), then, confirmed, the change.
    app.post('/admin/users', { schema: { body: AddBody }, config: { access: 'admin' } }, async (request, reply) => {
      const username = (request.body.username ?? '').slice(0, 200);
      try {
        if (request.body.confirmed !== 'yes') {
          const person = await adminUsers.identify(username);
          return page(request, reply, 'confirm', {
            title: `Add ${person.displayName} as an administrator?`,
            heading: `Add ${person.displayName} as an administrator?`,
            person,
            text:
              'This is who the company directory says signs in with that name. As an administrator they can open ' +
              'the trash and the admin pages; their sessions end so the change takes effect at once.',
            action: '/admin/users',
            fields: [
              { name: 'username', value: person.username },
              { name: 'confirmed', value: 'yes' },
            ],
            button: 'Add administrator',
            cancel: '/admin/users',
          });
        }
        await adminUsers.add(username, request.user!.username);
      } catch (error) {
        if (error instanceof ValidationError)
          return render(request, reply, { username, errors: { ...error.fields } }, 422);
        if (error instanceof DirectoryUnavailableError) {
          request.log.warn({ err: error.cause }, 'directory lookup failed');
          return render(request, reply, { username, errors: { username: error.message } }, 503);
        }
        throw error;
      }
      return redirectWithNotice(reply, '/admin/users', NOTICES['admin-added']);
    });

    app.get(
      '/admin/users/remove',
      { schema: { querystring: UsernameQuery }, config: { access: 'admin' } },
      async (request, reply) => {
        const admin = await adminUsers.removable((request.query.username ?? '').slice(0, 200));
        return page(request, reply, 'confirm', {
          title: `Remove ${admin.username} from the administrators?`,
          heading: `Remove ${admin.username} from the administrators?`,
          text:
            `${admin.username} can no longer open the trash and the admin pages, and their sessions end at once ` +
            "(a member of the administrators' directory group stays an administrator through the group).",
          action: '/admin/users/remove',
          fields: [{ name: 'username', value: admin.username }],
          button: 'Remove administrator',
          cancel: '/admin/users',
        });
      },
    );

    app.post(
      '/admin/users/remove',
      { schema: { body: UsernameBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const username = (request.body.username ?? '').slice(0, 200);
        await adminUsers.remove(username, request.user!.username);
        return redirectWithNotice(reply, '/admin/users', NOTICES['admin-removed']);
      },
    );
  },
  { name: 'admin-user-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);
