import { TRAINING_FORM_ENTITY } from './audit-event.ts';
import {
  StaleTrainingFormError,
  TrainingFormDeletedError,
  TrainingFormNotDeletedError,
  TrainingFormNotFoundError,
  ValidationError,
} from './errors.ts';
import { type BulkOutcome, forEachForm, MAX_BULK_FORMS, selection } from './bulk-action.ts';
import { normaliseQuery, type Page, pageWithinRange, type TrainingFormQuery } from './list-query.ts';
import type { AttachmentStore } from './ports/attachment-store.ts';
import type { Clock } from './ports/clock.ts';
import type { ReadRepositories, TransactionalRepositories, UnitOfWork } from './ports/unit-of-work.ts';
import type { TrainingForm, TrainingFormFields, TrainingFormInput, TrainingFormSummary } from './training-form.ts';
import { chartMonths, fillMonths, type MonthCount, withinMonths } from './training-months.ts';
import { withRegisterReference } from './form-reference.ts';
import { validateTrainingForm } from './training-form-validation.ts';
import { utcDate } from './controlled-document.ts';
import { changedValues, initialValues, traineeChange, type FieldChange } from './form-audit-details.ts';
import { reasonForEdit, signatureState } from './form-signature.ts';
import { type AttachmentService, insertStaged, type Upload } from './attachment-service.ts';

/** What a purge removed; files that could not be removed are left for the cleanup job. */
export interface PurgeResult {
  readonly removedFiles: number;
  readonly failedFiles: readonly { readonly storedName: string; readonly error: unknown }[];
}

/** The use cases of training forms. Every change is audited in the same transaction. */
export class TrainingFormService {
  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      readonly files: AttachmentStore;
      readonly clock: Clock;
      /** Checks and writes the files of a new form (`createWithAttachments`). */
      readonly attachments?: Pick<AttachmentService, 'stageAll' | 'discard'>;
    },
  ) {}

  /**
   * Creates a form. A register revision (`documentRevisionId`) must exist and its document be in
   * use; its reference and label fill the reference texts. Throws {@link ValidationError} (with
   * every bad field) before writing anything.
   */
  async create(input: TrainingFormInput, actor: string): Promise<TrainingForm> {
    const at = this.deps.clock.now();
    const valid = validateTrainingForm(input, utcDate(at));
    return this.deps.uow.run((tx) => this.insert(tx, valid, actor, at));
  }

  /**
   * Creates a form with the attachments chosen on the new-form page, all or nothing: the form is
   * validated before any file is read ({@link ValidationError}: no file written, the uploads left
   * unread), then every file is checked and written, then the form, its attachments and their
   * audit events go in one transaction. Any refusal or failure removes the files written, so it
   * leaves neither a form nor a file. Throws what {@link create} and `AttachmentService.addAll` throw.
   */
  async createWithAttachments(
    input: TrainingFormInput,
    uploads: AsyncIterable<Upload>,
    actor: string,
  ): Promise<TrainingForm> {
    const stager = this.deps.attachments;
    if (!stager) throw new Error('TrainingFormService was built without attachments');
    const at = this.deps.clock.now();
    const valid = validateTrainingForm(input, utcDate(at));
    const staged = await stager.stageAll(uploads);
    try {
      return await this.deps.uow.run(async (tx) => {
        const form = await this.insert(tx, valid, actor, at);
        await insertStaged(tx, form.id, staged, actor, at);
        return form;
      });
    } catch (error) {
      await stager.discard(staged);
      throw error;
    }
  }

  private async insert(
    tx: TransactionalRepositories,
    valid: TrainingFormFields,
    actor: string,
    at: Date,
  ): Promise<TrainingForm> {
    const fields = await this.resolveReference(tx, valid, null);
    const names = await this.checkTrainees(tx, fields.traineeIds, []);
    const form = await tx.forms.insert({ ...fields, createdBy: actor, createdAt: at });
    const trainees = traineeChange([], fields.traineeIds, names);
    await tx.audit.record(
      event(at, actor, 'create', form.id, {
        title: form.title,
        changes: initialValues(fields),
        ...(trainees && { trainees }),
      }),
    );
    return form;
  }

  /**
   * Edits a form that is still at `expectedVersion`. Throws {@link StaleTrainingFormError} when
   * someone saved in between (nothing is overwritten), {@link TrainingFormNotFoundError},
   * {@link TrainingFormDeletedError} or {@link ValidationError}. A form may keep the revision it has
   * even after its document was retired; a newly chosen one must be of a document in use. A signed
   * form needs a `reason` (else a {@link ValidationError} on `reason`): the edit voids its signature
   * in the same transaction, and the update event carries the reason and `signature: signed → voided`.
   */
  async update(
    id: number,
    expectedVersion: number,
    input: TrainingFormInput,
    actor: string,
    reason?: string | null,
  ): Promise<TrainingForm> {
    const at = this.deps.clock.now();
    const valid = validateTrainingForm(input, utcDate(at));
    return this.deps.uow.run(async (tx) => {
      const before = await this.requireForm(tx, id);
      if (before.deleted) throw new TrainingFormDeletedError(id);
      if (before.version !== expectedVersion) throw new StaleTrainingFormError(id, expectedVersion, before.version);
      const fields = await this.resolveReference(tx, valid, before.documentRevisionId);
      const signature = signatureState(before.version, await tx.signatures.latestFor(id));
      const given = reasonForEdit(signature, reason);
      const names = await this.checkTrainees(tx, fields.traineeIds, before.traineeIds);
      const after = await tx.forms.update(id, expectedVersion, fields, actor, at);
      if (!after) {
        const current = await this.requireForm(tx, id);
        throw new StaleTrainingFormError(id, expectedVersion, current.version);
      }
      const changes: Record<string, FieldChange> = changedValues(before, fields);
      if (signature.status === 'signed' && given !== null) {
        await tx.signatures.voidFor(id, { at, by: actor, reason: given });
        changes['signature'] = { from: 'signed', to: 'voided' };
      }
      const trainees = traineeChange(before.traineeIds, fields.traineeIds, names);
      await tx.audit.record(
        event(at, actor, 'update', id, {
          changes,
          ...(trainees && { trainees }),
          ...(given !== null && { reason: given }),
        }),
      );
      return after;
    });
  }

  /** The form; a deleted one only with `includeDeleted`. Throws {@link TrainingFormNotFoundError}. */
  async get(id: number, options: { includeDeleted?: boolean } = {}): Promise<TrainingForm> {
    return this.deps.uow.read(async (tx) => {
      const form = await this.requireForm(tx, id);
      if (form.deleted && !options.includeDeleted) throw new TrainingFormNotFoundError(id);
      return form;
    });
  }

  /** Active forms matching the query (defaults: newest training date first, 25 a page; past the end, the last page). */
  async list(query: Partial<TrainingFormQuery> = {}): Promise<Page<TrainingFormSummary>> {
    return this.deps.uow.read((tx) => pageWithinRange(normaliseQuery(query), (q) => tx.forms.summaries(q, false)));
  }

  /**
   * How many active forms match the query per month of training date, for the list's chart: the
   * months of {@link chartMonths} (the last 24 up to the To date or today, UTC), each month once,
   * oldest first, zero where none. Null when the query is narrowed by more than dates and more
   * than `CHART_MATCH_CAP` forms match in those months: the chart is then not drawn (counting
   * every match of a common word per month cost seconds at 1M forms).
   */
  async trainingsPerMonth(query: Partial<TrainingFormQuery> = {}): Promise<MonthCount[] | null> {
    const q = normaliseQuery(query);
    const months = chartMonths(q, utcDate(this.deps.clock.now()));
    if (months.length === 0) return [];
    const counts = await this.deps.uow.read((tx) => tx.forms.monthlyCounts(withinMonths(q, months), false));
    return counts && fillMonths(months, counts);
  }

  /** Soft-deleted forms matching the query (past the end, the last page). */
  async listTrash(query: Partial<TrainingFormQuery> = {}): Promise<Page<TrainingFormSummary>> {
    return this.deps.uow.read((tx) => pageWithinRange(normaliseQuery(query), (q) => tx.forms.summaries(q, true)));
  }

  /** Moves a form to the trash. Deleting a form already in the trash throws {@link TrainingFormDeletedError}. */
  async softDelete(id: number, actor: string): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.uow.run(async (tx) => {
      const form = await this.requireForm(tx, id);
      if (form.deleted) throw new TrainingFormDeletedError(id);
      await tx.forms.setDeleted(id, { by: actor, at });
      await tx.audit.record(
        event(at, actor, 'delete', id, { title: form.title, changes: { deleted: { from: false, to: true } } }),
      );
    });
  }

  /** Brings a form back from the trash. Throws {@link TrainingFormNotDeletedError} if it is not there. */
  async restore(id: number, actor: string): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.uow.run(async (tx) => {
      const form = await this.requireForm(tx, id);
      if (!form.deleted) throw new TrainingFormNotDeletedError(id);
      await tx.forms.setDeleted(id, null);
      await tx.audit.record(
        event(at, actor, 'restore', id, { title: form.title, changes: { deleted: { from: true, to: false } } }),
      );
    });
  }

  /**
   * Removes a form in the trash for good, with its trainees, attachment rows and files.
   * Only forms in the trash can be purged ({@link TrainingFormNotDeletedError} otherwise).
   */
  async purge(id: number, actor: string): Promise<PurgeResult> {
    const at = this.deps.clock.now();
    const storedNames = await this.deps.uow.run(async (tx) => {
      const form = await this.requireForm(tx, id);
      if (!form.deleted) throw new TrainingFormNotDeletedError(id);
      const attached = (await tx.attachments.listFor(id)).map((a) => a.originalName);
      const names = (await tx.forms.purge(id)) ?? [];
      // The audit rows of the form stay (the chain must verify): the purge event says what went.
      const removed = { form: { from: 'in the trash', to: 'purged' }, attachments: { added: [], removed: attached } };
      await tx.audit.record(
        event(at, actor, 'purge', id, { title: form.title, attachments: names.length, changes: removed }),
      );
      return names;
    });
    // Files go only after the rows are gone for sure: a failed commit must not lose bytes.
    const results = await Promise.allSettled(storedNames.map((name) => this.deps.files.remove(name)));
    const failedFiles = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ storedName: storedNames[i] as string, error: r.reason as unknown }] : [],
    );
    return { removedFiles: storedNames.length - failedFiles.length, failedFiles };
  }

  /** {@link softDelete} for each selected form, each in its own transaction: see {@link BulkOutcome}. */
  async softDeleteMany(ids: readonly number[], actor: string): Promise<BulkOutcome<void>> {
    return forEachForm(ids, (id) => this.softDelete(id, actor));
  }

  /** {@link restore} for each selected form, each in its own transaction: see {@link BulkOutcome}. */
  async restoreMany(ids: readonly number[], actor: string): Promise<BulkOutcome<void>> {
    return forEachForm(ids, (id) => this.restore(id, actor));
  }

  /**
   * {@link purge} for each selected form, each in its own transaction (its files removed after its
   * commit): see {@link BulkOutcome}.
   */
  async purgeMany(ids: readonly number[], actor: string): Promise<BulkOutcome<PurgeResult>> {
    return forEachForm(ids, (id) => this.purge(id, actor));
  }

  /**
   * The selected forms that are in the trash (`deleted`) or not, by title: what a confirmation
   * lists (others left out). Throws `TooManyFormsSelectedError` past {@link MAX_BULK_FORMS}.
   */
  async selected(ids: readonly number[], deleted: boolean): Promise<readonly TrainingFormSummary[]> {
    const chosen = selection(ids);
    if (chosen.length === 0) return [];
    const query = { ...normaliseQuery({ ids: chosen, sort: 'title', direction: 'asc' }), pageSize: MAX_BULK_FORMS };
    return this.deps.uow.read(async (tx) => (await tx.forms.summaries(query, deleted)).items);
  }

  private async requireForm(tx: ReadRepositories, id: number): Promise<TrainingForm> {
    const form = await tx.forms.findById(id);
    if (!form) throw new TrainingFormNotFoundError(id);
    return form;
  }

  /** The fields with the chosen register revision checked and its texts copied ({@link withRegisterReference}). */
  private async resolveReference(
    tx: TransactionalRepositories,
    fields: TrainingFormFields,
    keptRevisionId: number | null,
  ): Promise<TrainingFormFields> {
    if (fields.documentRevisionId === null) return fields;
    const revision = await tx.documents.findRevision(fields.documentRevisionId);
    const document = revision && (await tx.documents.findDocument(revision.documentId));
    return withRegisterReference(fields, revision && document ? { document, revision } : null, keptRevisionId);
  }

  /**
   * Every trainee must exist; newly added ones must also still be active. Resolves to the names of `ids` and
   * `existing`.
   */
  private async checkTrainees(
    tx: TransactionalRepositories,
    ids: readonly number[],
    existing: readonly number[],
  ): Promise<Map<number, string>> {
    const found = await tx.employees.findByIds([...new Set([...ids, ...existing])]);
    const byId = new Map(found.map((e) => [e.id, e]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0)
      throw new ValidationError({
        traineeIds: `Some chosen trainees are not in the employee list (id ${missing.join(', ')}): choose them again.`,
      });
    const inactive = ids.filter((id) => !existing.includes(id) && byId.get(id)?.active === false);
    if (inactive.length > 0)
      throw new ValidationError({
        traineeIds: `No longer in the directory: ${inactive.map((id) => byId.get(id)?.displayName).join(', ')}.`,
      });
    return new Map(found.map((e) => [e.id, e.displayName]));
  }
}

function event(at: Date, actor: string, action: string, id: number, details: Record<string, unknown>) {
  return { occurredAt: at, actor, action, entityType: TRAINING_FORM_ENTITY, entityId: String(id), details };
}
