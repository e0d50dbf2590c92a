import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../domain/errors.ts';
import type { AppServices } from '../app-services.ts';
import { noticeText } from '../notices.ts';
import { page } from '../render.ts';

/** `/admin/users`: the administrators listed by name (add, remove; never the last one). */
export async function adminUserRoutes(app: FastifyInstance, opts: { services: AppServices }) {
  const { adminUsers } = opts.services;

  const render = async (request: Parameters<typeof page>[0], reply: Parameters<typeof page>[1], extra: Record<string, unknown> = {}, status = 200) =>
    page(request, reply, 'admin-users', { title: 'Administrators', admins: await adminUsers.list(), username: '', errors: {}, notice: noticeText(request.query), ...extra }, status);

  app.get('/admin/users', { config: { access: 'admin' } }, (request, reply) => render(request, reply));

  app.post('/admin/users', { config: { access: 'admin' } }, async (request, reply) => {
    const username = String((request.body as Record<string, unknown> | undefined)?.username ?? '').slice(0, 200);
    try {
      await adminUsers.add(username, request.user!.username);
    } catch (error) {
      if (error instanceof ValidationError) return render(request, reply, { username, errors: { ...error.fields } }, 422);
      throw error;
    }
    return reply.redirect('/admin/users?notice=admin-added', 303);
  });

  app.post('/admin/users/remove', { config: { access: 'admin' } }, async (request, reply) => {
    const username = String((request.body as Record<string, unknown> | undefined)?.username ?? '').slice(0, 200);
    await adminUsers.remove(username, request.user!.username);
    return reply.redirect('/admin/users?notice=admin-removed', 303);
  });
}
