import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../../../domain/errors.ts';
import type { AppServices } from '../app-services.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type AdminUserRouteServices = Pick<AppServices, 'adminUsers'>;

const UsernameBody = Type.Object({ username: text(), _csrf: text() });
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
        { title: 'Administrators', admins: await adminUsers.list(), username: '', errors: {}, ...extra },
        status,
      );

    app.get('/admin/users', { config: { access: 'admin' } }, (request, reply) => render(request, reply));

    app.post(
      '/admin/users',
      { schema: { body: UsernameBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const username = (request.body.username ?? '').slice(0, 200);
        try {
          await adminUsers.add(username, request.user!.username);
        } catch (error) {
          if (error instanceof ValidationError)
            return render(request, reply, { username, errors: { ...error.fields } }, 422);
          throw error;
        }
        return redirectWithNotice(reply, '/admin/users', NOTICES['admin-added']);
      },
    );

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
