import fp from 'fastify-plugin';
import { purgeDueAt } from '../../../domain/trash-retention.ts';
import type { AppServices } from '../app-services.ts';
import { pagerLinks } from '../pager-links.ts';
import { listParams, ListQuery, listUrl, toQuery } from '../list-params.ts';
import type { FastifyRequest } from 'fastify';
import type { PurgeResult } from '../../../domain/training-form-service.ts';
import { type BulkAction, confirmBulk, reportBulk } from '../bulk-pages.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { IdParams, SelectionBody, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

const RESTORE: BulkAction = {
  back: '/trash',
  formPath: '/trash',
  notice: 'restored-many',
  done: 'restored from the trash',
  name: 'Restore',
};
const PURGE: BulkAction = {
  back: '/trash',
  formPath: '/trash',
  notice: 'purged-many',
  done: 'deleted permanently',
  name: 'Delete permanently',
};

export type TrashRouteServices = Pick<AppServices, 'forms' | 'details' | 'pageSettings'>;

/**
 * The trash (administrators only): search, view, restore, and purge behind a second confirmation,
 * one form or those ticked on the page; each form shows when the cleanup job will purge it.
 */
export const trashRoutes = fp(
  async function trashRoutes(fastify, opts: RouteOptions<TrashRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { forms, details } = opts.services;
    const retentionDays = opts.services.pageSettings.softDeleteRetentionDays;
    const purgeDue = (deletedAt: Date | null) => (deletedAt ? purgeDueAt(deletedAt, retentionDays) : null);

    app.get('/trash', { schema: { querystring: ListQuery }, config: { access: 'admin' } }, async (request, reply) => {
      const { params } = listParams(request.query);
      const result = await forms.listTrash(toQuery(params));
      return page(request, reply, 'trash', {
        title: 'Trash',
        result,
        params,
        lastPage: Math.max(1, Math.ceil(result.total / result.pageSize)),
        retentionDays,
        purgeDue,
        selectAll: request.query.select === 'all',
        url: (change: Parameters<typeof listUrl>[2]) => listUrl('/trash', params, change),
        pager: pagerLinks('/trash', params, result),
      });
    });

    app.get('/trash/:id', { schema: { params: IdParams }, config: { access: 'admin' } }, async (request, reply) => {
      const { id } = request.params;
      const view = await details.details(id, { includeDeleted: true });
      if (!view.form.deleted) return reply.redirect(`/forms/${id}`, 303);
      return page(request, reply, 'detail', {
        title: view.form.title,
        ...view,
        inTrash: true,
        purgeDue: purgeDue(view.form.deletedAt),
      });
    });

    app.post(
      '/trash/:id/restore',
      { schema: { params: IdParams }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
        await forms.restore(id, request.user!.username);
        return redirectWithNotice(reply, `/forms/${id}`, NOTICES.restored);
      },
    );

    app.get(
      '/trash/:id/purge',
      { schema: { params: IdParams }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
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
      },
    );

    app.post(
      '/trash/:id/purge',
      { schema: { params: IdParams }, config: { access: 'admin' } },
      async (request, reply) => {
        const { id } = request.params;
        logLeftFiles(request, await forms.purge(id, request.user!.username));
        return redirectWithNotice(reply, '/trash', NOTICES.purged);
      },
    );

    app.post(
      '/trash/selected/restore',
      { schema: { body: SelectionBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const ids = request.body.ids ?? [];
        if (ids.length === 0) return redirectWithNotice(reply, '/trash', NOTICES['none-selected']);
        return reportBulk(request, reply, RESTORE, await forms.restoreMany(ids, request.user!.username));
      },
    );

    app.post(
      '/trash/selected/purge',
      { schema: { body: SelectionBody }, config: { access: 'admin' } },
      async (request, reply) => {
        const ids = request.body.ids ?? [];
        if (ids.length === 0) return redirectWithNotice(reply, '/trash', NOTICES['none-selected']);
        if (request.body.confirmed) {
          const outcome = await forms.purgeMany(ids, request.user!.username);
          for (const { result } of outcome.done) logLeftFiles(request, result);
          return reportBulk(request, reply, PURGE, outcome);
        }
        const chosen = await forms.selected(ids, true);
        return confirmBulk(request, reply, PURGE, {
          forms: chosen,
          selected: new Set(ids).size,
          heading: `Delete ${chosen.length === 1 ? '1 form' : `${chosen.length} forms`} permanently?`,
          text: 'This removes these forms, their trainee lists and all their attachment files for good. It cannot be undone.',
          button: 'Delete permanently',
          danger: true,
          leftOut: 'no longer in the trash (restored or deleted already)',
        });
      },
    );
  },
  { name: 'trash-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** Attachment files a purge could not remove are logged; the cleanup job retries them. */
function logLeftFiles(request: FastifyRequest, result: PurgeResult): void {
  for (const failure of result.failedFiles)
    request.log.warn(
      { storedName: failure.storedName, err: failure.error },
      'attachment file left behind by purge (cleanup job retries)',
    );
}
