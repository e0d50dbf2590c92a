import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';
import { renderError } from '../error-pages.ts';
import { idParam, listUrl, parseListParams, toQuery } from '../list-params.ts';
import { noticeText } from '../notices.ts';
import { page } from '../render.ts';

type Params = { id: string };

/** The trash (administrators only): search, view, restore, and purge behind a second confirmation. */
export async function trashRoutes(app: FastifyInstance, opts: { services: AppServices }) {
  const { forms, details } = opts.services;

  app.get('/trash', { config: { access: 'admin' } }, async (request, reply) => {
    const { params } = parseListParams(request.query);
    const result = await forms.listTrash(toQuery(params));
    return page(request, reply, 'trash', {
      title: 'Trash',
      result,
      params,
      lastPage: Math.max(1, Math.ceil(result.total / result.pageSize)),
      notice: noticeText(request.query),
      url: (change: Parameters<typeof listUrl>[2]) => listUrl('/trash', params, change),
    });
  });

  app.get<{ Params: Params }>('/trash/:id', { config: { access: 'admin' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const view = await details.details(id, { includeDeleted: true });
    if (!view.form.deleted) return reply.redirect(`/forms/${id}`, 303);
    return page(request, reply, 'detail', { title: view.form.title, ...view, inTrash: true });
  });

  app.post<{ Params: Params }>('/trash/:id/restore', { config: { access: 'admin' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    await forms.restore(id, request.user!.username);
    return reply.redirect(`/forms/${id}?notice=restored`, 303);
  });

  app.get<{ Params: Params }>('/trash/:id/purge', { config: { access: 'admin' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const form = await forms.get(id, { includeDeleted: true });
    if (!form.deleted) return reply.redirect(`/forms/${id}`, 303);
    return page(request, reply, 'confirm', {
      title: `Delete “${form.title}” permanently?`,
      heading: `Delete “${form.title}” permanently?`,
      text: 'This removes the form, its trainee list and all its attachment files for good. It cannot be undone.',
      action: `/trash/${id}/purge`,
      button: 'Delete permanently',
      cancel: '/trash',
      danger: true,
    });
  });

  app.post<{ Params: Params }>('/trash/:id/purge', { config: { access: 'admin' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const result = await forms.purge(id, request.user!.username);
    for (const failure of result.failedFiles)
      request.log.warn({ storedName: failure.storedName, err: failure.error }, 'attachment file left behind by purge (cleanup job retries)');
    return reply.redirect('/trash?notice=purged', 303);
  });
}
