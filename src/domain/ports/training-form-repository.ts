import type { Page, TrainingFormQuery } from '../list-query.ts';
import type { MonthCount } from '../training-months.ts';
import type { FreeTextReference } from '../reference-matching.ts';
import type { TrainingForm, TrainingFormFields, TrainingFormSummary } from '../training-form.ts';

/** What is stored when a form is created. */
export interface NewTrainingForm extends TrainingFormFields {
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** A register revision given to a form whose reference was free text, with the register's texts. */
export interface RevisionLink {
  readonly documentRevisionId: number;
  readonly referenceDocument: string;
  readonly referenceRevision: string;
}

/** Where training forms persist. Implementations must not raise domain errors themselves. */
export interface TrainingFormRepository {
  /** Stores a new form (version 1, not deleted) and returns it with its id. */
  insert(form: NewTrainingForm): Promise<TrainingForm>;

  /**
   * Replaces the fields of form `id` if its version is still `expectedVersion`, bumping the version.
   * Returns the updated form, or `null` when no row with that id *and* version exists (the caller
   * tells "not found" from "stale" with {@link findById}).
   */
  update(
    id: number,
    expectedVersion: number,
    fields: TrainingFormFields,
    by: string,
    at: Date,
  ): Promise<TrainingForm | null>;

  /** The form with that id, deleted or not; `null` when there is none. */
  findById(id: number): Promise<TrainingForm | null>;

  /**
   * One page of forms matching the query, with the total count of matches (an implementation may
   * stop counting at a cap and set `totalCapped`). `deleted` selects the
   * active list (false) or the trash (true). Ties in the sort field are broken by id, descending.
   * With `query.cursor` (default sort only) the items are the `pageSize` matches just after (or
   * just before) that position, in the same order, fewer at either end; nothing is skipped by
   * `page`, which the result keeps as given. The total is counted as without a cursor.
   */
  search(query: TrainingFormQuery, deleted: boolean): Promise<Page<TrainingForm>>;

  /** The same page as {@link search} (same matches, order and total), as summaries. */
  summaries(query: TrainingFormQuery, deleted: boolean): Promise<Page<TrainingFormSummary>>;

  /**
   * How many forms match the query (its sort and paging ignored) per month of training date, oldest
   * month first; months without a match are left out. `deleted` as in {@link search}. Null when
   * more than `CHART_MATCH_CAP` (training-months.ts) forms match, so that no query reads more than that many rows;
   * except for active forms narrowed by nothing but whole months (`onlyDates`,
   * `wholeMonths`), which are always counted (an implementation keeps them per month).
   */
  monthlyCounts(query: TrainingFormQuery, deleted: boolean): Promise<MonthCount[] | null>;

  /**
   * Forms, deleted or not, with no register revision and some free-text reference (document or
   * revision), by id ascending: at most `limit` with an id above `afterId`.
   */
  unlinkedReferences(afterId: number, limit: number): Promise<FreeTextReference[]>;

  /**
   * Gives form `id` the register revision and texts of `link`, bumping its version and setting
   * updated by/at, only while it still has no revision. Returns the form before the change, or null
   * when there is no such form or it has a revision already (nothing changed).
   */
  linkRevision(id: number, link: RevisionLink, by: string, at: Date): Promise<TrainingForm | null>;

  /** Marks the form deleted (or, with `null`, restores it). Returns false when no such form. */
  setDeleted(id: number, deletion: { readonly by: string; readonly at: Date } | null): Promise<boolean>;

  /**
   * Removes the form with its trainees, attachment rows and signatures for good. Returns the stored names of
   * the attachment files that belonged to it (for the caller to remove), or `null` when no such form.
   */
  purge(id: number): Promise<readonly string[] | null>;
}
