import { selection } from './bulk-action.ts';
import { withCleanName } from './attachment-policy.ts';
import type { Employee } from './employee.ts';
import { TrainingFormNotFoundError } from './errors.ts';
import type { FormSignature } from './form-signature.ts';
import { isCursorOrder, type ListCursor } from './list-cursor.ts';
import { MAX_PAGE_SIZE, normaliseQuery, type TrainingFormQuery } from './list-query.ts';
import type { FormDetails } from './ports/form-details-reader.ts';
import type { UnitOfWork } from './ports/unit-of-work.ts';
import type { TrainingForm } from './training-form.ts';

/** What the detail page shows: the form with its trainees, attachments and history, and its latest signature. */
export interface FormView extends FormDetails {
  /** The form's most recent signature, voided or not (see `signatureState`); null when never signed. */
  readonly latestSignature: FormSignature | null;
}

/** A form with its trainees' names, as a row of an export. */
export interface FormWithTrainees {
  readonly form: TrainingForm;
  readonly trainees: readonly Employee[];
}

const EXPORT_BATCH = MAX_PAGE_SIZE;

/** Read-side views of training forms: the detail page, employee look-ups and the CSV export. */
export class FormDetailsService {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  /**
   * A form with trainees, attachments (names cleaned as at upload, so rows stored before a naming
   * rule show the same), audit history and latest signature (read alongside). Throws
   * {@link TrainingFormNotFoundError}.
   */
  async details(id: number, options: { includeDeleted?: boolean } = {}): Promise<FormView> {
    return this.deps.uow.read(async (tx) => {
      const [found, latestSignature] = await Promise.all([tx.details.load(id), tx.signatures.latestFor(id)]);
      if (!found || (found.form.deleted && !options.includeDeleted)) throw new TrainingFormNotFoundError(id);
      return { ...found, attachments: found.attachments.map(withCleanName), latestSignature };
    });
  }

  /** Employees by id (unknown ids left out), ascending. */
  async employees(ids: readonly number[]): Promise<Employee[]> {
    if (ids.length === 0) return [];
    return this.deps.uow.read((tx) => tx.employees.findByIds(ids));
  }

  /** Active employees matching `text` (name, email, UPN), by name; at most `limit` (max 50). */
  async searchEmployees(text: string, limit = 20): Promise<Employee[]> {
    if (text.trim() === '') return [];
    return this.deps.uow.read((tx) => tx.employees.search(text, Math.min(Math.max(limit, 1), 50)));
  }

  /**
   * Employees, active or not, whose name, email or UPN contains `text`, by name (at most `limit`,
   * max 50), with how many match in all: whom a typed trainee name filters the list by.
   */
  async employeesNamed(text: string, limit = 20): Promise<{ items: Employee[]; total: number }> {
    if (text.trim() === '') return { items: [], total: 0 };
    return this.deps.uow.read((tx) => tx.employees.named(text, Math.min(Math.max(limit, 1), 50)));
  }

  /**
   * {@link exportAll} of the selected active forms, newest training first. A selection over
   * `MAX_BULK_FORMS` throws `TooManyFormsSelectedError` here, before anything is read or sent.
   */
  exportSelected(ids: readonly number[]): AsyncIterable<FormWithTrainees> {
    return this.exportAll({ ids: selection(ids) });
  }

  /**
   * Every active form matching the query (its paging ignored), in the query's order, fetched in
   * batches so an export never holds the whole list in memory. In the default order each batch
   * continues from the last row of the one before (a cursor), so the thousandth batch costs what
   * the first does; other orders page by number.
   */
  async *exportAll(query: Partial<TrainingFormQuery>): AsyncIterable<FormWithTrainees> {
    const first = normaliseQuery({ ...query, cursor: undefined, page: 1, pageSize: EXPORT_BATCH });
    let cursor: ListCursor | undefined;
    for (let page = 1; ; page++) {
      const batch = await this.deps.uow.read(async (tx) => {
        const result = await tx.forms.search({ ...first, page, cursor }, false);
        const last = result.items.at(-1);
        if (last && isCursorOrder(first)) cursor = { direction: 'after', trainingDate: last.trainingDate, id: last.id };
        const ids = [...new Set(result.items.flatMap((f) => f.traineeIds))];
        const people = new Map((await tx.employees.findByIds(ids)).map((e) => [e.id, e]));
        return result.items.map((form) => ({
          form,
          trainees: form.traineeIds.flatMap((id) => people.get(id) ?? []),
        }));
      });
      yield* batch;
      if (batch.length < EXPORT_BATCH) return;
    }
  }
}
