import { Type } from '@sinclair/typebox';
import fp from 'fastify-plugin';
import { DocumentReferenceTakenError, RevisionExistsError } from '../../../domain/document-errors.ts';
import { ValidationError } from '../../../domain/errors.ts';
import { documentPage, type DocumentPageServices } from '../document-page.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { page } from '../render.ts';
import { IdParams, text, type TypeBoxProvider } from '../route-schemas.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type DocumentRouteServices = DocumentPageServices;

const DocumentBody = Type.Object({
  reference: text(),
  title: text(),
  revision: text(),
  effectiveDate: text(),
  _csrf: text(),
});
const RevisionBody = Type.Object({ revision: text(), effectiveDate: text(), _csrf: text() });
const admin = { access: 'admin' } as const;

/** Form values as sent, cut to a sane length (they are only shown back). */
const keep = (body: Record<string, string | undefined>, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, (body[k] ?? '').slice(0, 300)]));

/**
 * The documents register for administrators: `/documents` (the list), `/documents/new` (register
 * a document with its first revision), `/documents/:id` (revisions, issue a revision, requirements)
 * and `/documents/:id/retire`. Every change goes through the register service, which audits it.
 */
export const documentRoutes = fp(
  async function documentRoutes(fastify, opts: RouteOptions<DocumentRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const services = opts.services;
    const { documents } = services;

    app.get('/documents', { config: admin }, async (request, reply) =>
      page(request, reply, 'documents', {
        title: 'Documents',
        documents: await documents.list({ includeRetired: true }),
      }),
    );

    const newPage = (values: Record<string, string>, errors: Record<string, string>) => ({
      title: 'Register a document',
      values,
      errors,
    });

    app.get('/documents/new', { config: admin }, (request, reply) =>
      page(request, reply, 'document-new', newPage({ reference: '', title: '', revision: '', effectiveDate: '' }, {})),
    );

    app.post('/documents', { schema: { body: DocumentBody }, config: admin }, async (request, reply) => {
      const values = keep(request.body, ['reference', 'title', 'revision', 'effectiveDate']);
      try {
        const created = await documents.create(request.body, request.user!.username);
        return redirectWithNotice(reply, `/documents/${created.document.id}`, NOTICES['document-created']);
      } catch (error) {
        const errors = refusedFields(error);
        if (!errors) throw error;
        return page(request, reply, 'document-new', newPage(values, errors), 422);
      }
    });

    app.get('/documents/:id', { schema: { params: IdParams }, config: admin }, (request, reply) =>
      documentPage(request, reply, services, request.params.id),
    );

    app.post(
      '/documents/:id/revisions',
      { schema: { params: IdParams, body: RevisionBody }, config: admin },
      async (request, reply) => {
        const { id } = request.params;
        try {
          await documents.issueRevision(id, request.body, request.user!.username);
        } catch (error) {
          const errors = refusedFields(error);
          if (!errors) throw error;
          const form = { values: keep(request.body, ['revision', 'effectiveDate']), errors };
          return documentPage(request, reply, services, id, { form, status: 422 });
        }
        return redirectWithNotice(reply, `/documents/${id}`, NOTICES['revision-issued']);
      },
    );

    app.get('/documents/:id/retire', { schema: { params: IdParams }, config: admin }, async (request, reply) => {
      const { document } = await documents.get(request.params.id);
      return page(request, reply, 'confirm', {
        title: `Retire ${document.reference}`,
        heading: `Retire ${document.reference}?`,
        text: `${document.reference} (${document.title}) will take no new revisions or requirements and leaves the training matrix. It stays in the register for the record.`,
        action: `/documents/${document.id}/retire`,
        button: 'Retire',
        cancel: `/documents/${document.id}`,
        danger: false,
      });
    });

    app.post('/documents/:id/retire', { schema: { params: IdParams }, config: admin }, async (request, reply) => {
      await documents.retire(request.params.id, request.user!.username);
      return redirectWithNotice(reply, `/documents/${request.params.id}`, NOTICES['document-retired']);
    });
  },
  { name: 'document-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** The fields to show a refusal next to: every invalid field, or the one a conflict is about; null for other errors. */
function refusedFields(error: unknown): Record<string, string> | null {
  if (error instanceof ValidationError) return { ...error.fields };
  if (error instanceof DocumentReferenceTakenError) return { reference: error.message };
  if (error instanceof RevisionExistsError) return { revision: error.message };
  return null;
}
