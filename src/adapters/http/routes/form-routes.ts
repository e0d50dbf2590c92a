import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, StaleTrainingFormError, ValidationError } from '../../../domain/errors.ts';
import type { TrainingForm } from '../../../domain/training-form.ts';
import { TRAINING_TYPES } from '../../../domain/training-form.ts';
import type { AppServices } from '../app-services.ts';
import {
  COMPARED_FIELDS,
  differingFields,
  EMPTY_VALUES,
  errorSummary,
  FormBody,
  readFormBody,
  valuesFromForm,
  type FormValues,
} from '../form-values.ts';
import { ERROR_STATUS } from '../error-status.ts';
import { dropUploads, fieldsBeforeFiles, uploadsOf } from '../multipart-form.ts';
import { NOTICES, redirectWithNotice } from '../notices.ts';
import { referenceChoices } from '../reference-choices.ts';
import { page } from '../render.ts';
import { IdParams, type TypeBoxProvider } from '../route-schemas.ts';
import { formDetailPage } from './form-detail-page.ts';
import { ROUTE_DEPENDENCIES, type RouteOptions } from './route-plugin.ts';

export type FormRouteServices = Pick<AppServices, 'forms' | 'details' | 'documents' | 'signatures' | 'pageSettings'>;

/** Create, view, edit and delete training forms. */
export const formRoutes = fp(
  async function formRoutes(fastify, opts: RouteOptions<FormRouteServices>) {
    const app = fastify.withTypeProvider<TypeBoxProvider>();
    const { forms, details, documents, signatures, pageSettings } = opts.services;

    /** The edit page with values, per-field errors and (no-JS fallback) trainee search results. */
    async function editor(
      request: FastifyRequest,
      reply: FastifyReply,
      view: {
        form?: TrainingForm;
        values: FormValues;
        version?: number;
        errors?: Record<string, string>;
        stale?: TrainingForm;
        traineeSearch?: string;
        /** Why a signed form is changed, as typed. */
        reason?: string;
        /** A message for this page instead of a kept one. */
        notice?: string;
        /** Files chosen on the new-form page that were not kept (the form was not saved): to choose again. */
        filesAgain?: readonly string[];
      },
      status = 200,
    ) {
      const traineeSearch = view.traineeSearch ?? '';
      const [selected, found, staleTrainees, register, signature] = await Promise.all([
        details.employees(view.values.traineeIds),
        traineeSearch ? details.searchEmployees(traineeSearch, 25) : Promise.resolve([]),
        view.stale ? details.employees(view.stale.traineeIds) : Promise.resolve([]),
        documents.list({ includeRetired: true }),
        view.form ? signatures.panel(view.form, request.user!) : Promise.resolve(null),
      ]);
      return page(
        request,
        reply,
        'edit',
        {
          title: view.form ? `Edit: ${view.form.title}` : 'New training form',
          form: view.form ?? null,
          values: view.values,
          version: view.version ?? null,
          errors: view.errors ?? {},
          errorLinks: errorSummary(view.errors ?? {}),
          stale: view.stale ?? null,
          differs: view.stale ? differingFields(view.stale, view.values) : new Set(),
          comparedFields: COMPARED_FIELDS,
          staleTrainees,
          selected,
          found: found.filter((e) => !view.values.traineeIds.includes(e.id)),
          foundChosen: found.filter((e) => view.values.traineeIds.includes(e.id)).length,
          traineeSearch,
          searched: traineeSearch !== '',
          types: TRAINING_TYPES,
          references: referenceChoices(register, view.values.documentRevisionId),
          action: view.form ? `/forms/${view.form.id}` : '/forms',
          signed: signature?.state.status === 'signed',
          reason: view.reason ?? '',
          ...(view.notice !== undefined && { notice: view.notice }),
          filesAgain: view.filesAgain ?? [],
        },
        status,
      );
    }

    app.get('/forms/new', { config: { access: 'user' } }, (request, reply) =>
      editor(request, reply, { values: EMPTY_VALUES }),
    );

    // After a new sign-in (the session had ended): the editor again with what was typed; saves nothing.
    app.post('/forms/new', { schema: { body: FormBody }, config: { access: 'user' } }, async (request, reply) => {
      const { values } = readFormBody(request.body);
      return editor(request, reply, { values, notice: NOTICES.resumed });
    });

    app.post(
      '/forms/:id/edit',
      { schema: { params: IdParams, body: FormBody }, config: { access: 'user' } },
      async (request, reply) => {
        const { values, version } = readFormBody(request.body);
        const reason = (request.body.reason ?? '').slice(0, 10_000);
        const form = await forms.get(request.params.id);
        // The version the user started from, not the latest: a save over someone's newer one is still caught.
        return editor(request, reply, { form, values, version, reason, notice: NOTICES.resumed });
      },
    );

    const afterNew = { page: '/forms/new', keepFields: true };
    // A plain form post, or (the new-form page) multipart with the attachments chosen after the fields.
    app.post(
      '/forms',
      {
        schema: { body: FormBody },
        config: { access: 'user', afterSignIn: afterNew, csrf: 'multipart' },
        preValidation: fieldsBeforeFiles(pageSettings.maxUploadBytes),
      },
      async (request, reply) => {
        const { values, input, findTrainees, traineeSearch } = readFormBody(request.body);
        if (findTrainees) {
          const filesAgain = await dropUploads(request);
          return editor(request, reply, { values, traineeSearch, filesAgain });
        }
        try {
          const uploads = uploadsOf(request, pageSettings.maxUploadBytes);
          const form = await forms.createWithAttachments(input, uploads, request.user!.username);
          return redirectWithNotice(reply, `/forms/${form.id}`, NOTICES.created);
        } catch (error) {
          if (!(error instanceof DomainError) || !(error instanceof ValidationError || isUploadRefusal(error)))
            throw error;
          const filesAgain = await dropUploads(request);
          const errors = error instanceof ValidationError ? { ...error.fields } : { files: error.message };
          if (ERROR_STATUS[error.code] >= 500)
            request.log.error({ code: error.code, err: error.cause ?? error }, 'upload could not be stored');
          else request.log.info({ code: error.code }, 'new form refused');
          const status = error instanceof ValidationError ? 422 : ERROR_STATUS[error.code];
          return editor(request, reply, { values, errors, traineeSearch, filesAgain }, status);
        }
      },
    );

    app.get('/forms/:id', { schema: { params: IdParams }, config: { access: 'user' } }, async (request, reply) =>
      formDetailPage(request, reply, opts.services, request.params.id),
    );

    app.get('/forms/:id/edit', { schema: { params: IdParams }, config: { access: 'user' } }, async (request, reply) => {
      const { id } = request.params;
      const form = await forms.get(id);
      return editor(request, reply, { form, values: valuesFromForm(form), version: form.version });
    });

    app.post(
      '/forms/:id',
      {
        schema: { params: IdParams, body: FormBody },
        config: { access: 'user', afterSignIn: { page: '/forms/:id/edit', keepFields: true } },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { values, input, findTrainees, traineeSearch, version } = readFormBody(request.body);
        const reason = (request.body.reason ?? '').slice(0, 10_000);
        const current = await forms.get(id);
        if (findTrainees) return editor(request, reply, { form: current, values, version, traineeSearch, reason });
        try {
          await forms.update(id, version, input, request.user!.username, reason);
          return redirectWithNotice(reply, `/forms/${id}`, NOTICES.saved);
        } catch (error) {
          if (error instanceof ValidationError)
            return editor(
              request,
              reply,
              { form: current, values, version, errors: { ...error.fields }, traineeSearch, reason },
              422,
            );
          if (error instanceof StaleTrainingFormError) {
            // Show both versions: theirs (read-only) and the user's (still in the fields); saving
            // again now deliberately replaces theirs.
            const latest = await forms.get(id);
            return editor(
              request,
              reply,
              { form: latest, values, version: latest.version, stale: latest, traineeSearch, reason },
              409,
            );
          }
          throw error;
        }
      },
    );

    app.get(
      '/forms/:id/delete',
      { schema: { params: IdParams }, config: { access: 'user' } },
      async (request, reply) => {
        const { id } = request.params;
        const form = await forms.get(id);
        return page(request, reply, 'confirm', {
          title: `Delete “${form.title}”?`,
          heading: `Delete “${form.title}”?`,
          text: 'The form moves to the trash. An administrator can restore it from there.',
          action: `/forms/${id}/delete`,
          button: 'Move to trash',
          cancel: `/forms/${id}`,
        });
      },
    );

    app.post(
      '/forms/:id/delete',
      { schema: { params: IdParams }, config: { access: 'user', afterSignIn: { page: '/forms/:id/delete' } } },
      async (request, reply) => {
        const { id } = request.params;
        await forms.softDelete(id, request.user!.username);
        return redirectWithNotice(reply, '/', NOTICES.deleted);
      },
    );
  },
  { name: 'form-routes', dependencies: ROUTE_DEPENDENCIES, encapsulate: true },
);

/** The refusals of an upload the page shows next to the file input (the rest are errors). */
function isUploadRefusal(error: DomainError): boolean {
  return error.code.startsWith('ATTACHMENT') && error.code !== 'ATTACHMENT_NOT_FOUND';
}
