import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaleTrainingFormError, ValidationError } from '../../../domain/errors.ts';
import type { TrainingForm } from '../../../domain/training-form.ts';
import { TRAINING_TYPES } from '../../../domain/training-form.ts';
import type { AppServices } from '../app-services.ts';
import { renderError } from '../error-pages.ts';
import { EMPTY_VALUES, inputFromBody, valuesFromBody, valuesFromForm, type FormValues } from '../form-values.ts';
import { idParam } from '../list-params.ts';
import { noticeText } from '../notices.ts';
import { page } from '../render.ts';

type Params = { id: string };

/** Create, view, edit and delete training forms. */
export async function formRoutes(app: FastifyInstance, opts: { services: AppServices }) {
  const { forms, details } = opts.services;

  /** The edit page with values, per-field errors and (no-JS fallback) trainee search results. */
  async function editor(
    request: FastifyRequest,
    reply: FastifyReply,
    view: { form?: TrainingForm; values: FormValues; version?: number; errors?: Record<string, string>; stale?: TrainingForm },
    status = 200,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const traineeSearch = typeof body.traineeSearch === 'string' ? body.traineeSearch.trim().slice(0, 120) : '';
    const [selected, found, staleTrainees] = await Promise.all([
      details.employees(view.values.traineeIds),
      traineeSearch ? details.searchEmployees(traineeSearch, 25) : Promise.resolve([]),
      view.stale ? details.employees(view.stale.traineeIds) : Promise.resolve([]),
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
        stale: view.stale ?? null,
        staleTrainees,
        selected,
        found: found.filter((e) => !view.values.traineeIds.includes(e.id)),
        traineeSearch,
        searched: traineeSearch !== '',
        types: TRAINING_TYPES,
        action: view.form ? `/forms/${view.form.id}` : '/forms',
      },
      status,
    );
  }

  const wantsTraineeSearch = (body: unknown) => (body as Record<string, unknown> | undefined)?._action === 'find-trainees';

  app.get('/forms/new', { config: { access: 'user' } }, (request, reply) => editor(request, reply, { values: EMPTY_VALUES }));

  app.post('/forms', { config: { access: 'user' } }, async (request, reply) => {
    const values = valuesFromBody(request.body);
    if (wantsTraineeSearch(request.body)) return editor(request, reply, { values });
    try {
      const form = await forms.create(inputFromBody(request.body), request.user!.username);
      return reply.redirect(`/forms/${form.id}?notice=created`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return editor(request, reply, { values, errors: { ...error.fields } }, 422);
      throw error;
    }
  });

  app.get<{ Params: Params }>('/forms/:id', { config: { access: 'user' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const view = await details.details(id);
    return page(request, reply, 'detail', { title: view.form.title, ...view, notice: noticeText(request.query), inTrash: false });
  });

  app.get<{ Params: Params }>('/forms/:id/edit', { config: { access: 'user' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const form = await forms.get(id);
    return editor(request, reply, { form, values: valuesFromForm(form), version: form.version });
  });

  app.post<{ Params: Params }>('/forms/:id', { config: { access: 'user' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const values = valuesFromBody(request.body);
    const versionText = (request.body as Record<string, unknown> | undefined)?.version;
    const version = typeof versionText === 'string' && /^\d{1,9}$/.test(versionText) ? Number(versionText) : 0;
    const current = await forms.get(id);
    if (wantsTraineeSearch(request.body)) return editor(request, reply, { form: current, values, version });
    try {
      await forms.update(id, version, inputFromBody(request.body), request.user!.username);
      return reply.redirect(`/forms/${id}?notice=saved`, 303);
    } catch (error) {
      if (error instanceof ValidationError)
        return editor(request, reply, { form: current, values, version, errors: { ...error.fields } }, 422);
      if (error instanceof StaleTrainingFormError) {
        // Show both versions: theirs (read-only) and the user's (still in the fields); saving
        // again now deliberately replaces theirs.
        const latest = await forms.get(id);
        return editor(request, reply, { form: latest, values, version: latest.version, stale: latest }, 409);
      }
      throw error;
    }
  });

  app.get<{ Params: Params }>('/forms/:id/delete', { config: { access: 'user' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    const form = await forms.get(id);
    return page(request, reply, 'confirm', {
      title: `Delete “${form.title}”?`,
      heading: `Delete “${form.title}”?`,
      text: 'The form moves to the trash. An administrator can restore it from there.',
      action: `/forms/${id}/delete`,
      button: 'Move to trash',
      cancel: `/forms/${id}`,
    });
  });

  app.post<{ Params: Params }>('/forms/:id/delete', { config: { access: 'user' } }, async (request, reply) => {
    const id = idParam(request.params.id);
    if (id === null) return renderError(request, reply, 404);
    await forms.softDelete(id, request.user!.username);
    return reply.redirect('/?notice=deleted', 303);
  });
}
