import {
  sql,
  SqliteAdapter,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { Page, SortField, TrainingFormQuery } from '../../../domain/list-query.ts';
import type {
  NewTrainingForm,
  RevisionLink,
  TrainingFormRepository,
} from '../../../domain/ports/training-form-repository.ts';
import type { FreeTextReference } from '../../../domain/reference-matching.ts';
import { CHART_MATCH_CAP, onlyDates, wholeMonths, type MonthCount } from '../../../domain/training-months.ts';
import type { TrainingForm, TrainingFormFields, TrainingFormSummary } from '../../../domain/training-form.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { referenceConditions, textConditions } from './full-text-query.ts';
import { seekCondition } from './seek-condition.ts';
import {
  employeesNamed,
  TRAINEE_NAME_BOUND,
  traineeNamedCondition,
  type TraineeNameBound,
} from './trainee-name-filter.ts';
import type { ListCaches } from './short-lived-cache.ts';
import { addToMonth, formsBetween, monthOf, monthsBetween } from './training-form-months.ts';
import { documentOfRevision, refreshTrainingSummary, summaryLinksOf } from './kysely-training-summary.ts';
import {
  chunk,
  fromDbBool,
  fromDbTime,
  fromDbTimeOrNull,
  likeContains,
  toDbBool,
  toDbTime,
} from '../connection/db-values.ts';

type FormRow = Selectable<Database['training_forms']>;
/** A query on the forms with its conditions, order and paging, before anything is selected. */
type FormRows = SelectQueryBuilder<Database, 'training_forms', object>;

/** Matches are counted up to this many; beyond it the page says "10,000+". */
export const COUNT_CAP = 10_000;
/** Text searches with at most this many matches keep their ordered ids for a few seconds. */
export const MAX_CACHED_IDS = 100_000;

/**
 * The column each sort field orders by. The trainee count is kept on the form (`trainee_count`,
 * written with its trainee rows) and indexed with `deleted`, so sorting by it reads an index
 * rather than counting every form's trainees.
 */
const SORT_COLUMNS: Record<
  SortField,
  'training_date' | 'title' | 'trainer' | 'training_type' | 'created_at' | 'trainee_count'
> = {
  trainingDate: 'training_date',
  title: 'title',
  trainer: 'trainer',
  trainingType: 'training_type',
  createdAt: 'created_at',
  traineeCount: 'trainee_count',
};

/** {@link TrainingFormRepository} on Kysely; the same statements on SQLite and MariaDB. */
export class KyselyTrainingFormRepository implements TrainingFormRepository {
  /** The text search is a full-text match, written per dialect (full-text-query.ts). */
  private readonly dialect: 'sqlite' | 'mariadb';

  /**
   * `traineeNameBound`: how many people (and their trainee rows) a typed trainee name may match and
   * still be filtered as their ids ({@link TRAINEE_NAME_BOUND}; tests make it small to cross it).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly caches?: ListCaches,
    private readonly traineeNameBound: TraineeNameBound = TRAINEE_NAME_BOUND,
  ) {
    this.dialect = db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'mariadb';
  }

  async insert(form: NewTrainingForm): Promise<TrainingForm> {
    this.clearCaches();
    const at = toDbTime(form.createdAt);
    const result = await this.db
      .insertInto('training_forms')
      .values({
        ...fieldColumns(form),
        created_by: form.createdBy,
        created_at: at,
        updated_by: form.createdBy,
        updated_at: at,
      })
      .executeTakeFirstOrThrow();
    const id = Number(result.insertId);
    await addToMonth(this.db, this.dialect, monthOf(form.trainingDate), 1);
    await this.insertTrainees(id, form.traineeIds);
    await refreshTrainingSummary(this.db, form.traineeIds, [
      await documentOfRevision(this.db, form.documentRevisionId),
    ]);
    return this.requireById(id);
  }

  async update(id: number, expectedVersion: number, fields: TrainingFormFields, by: string, at: Date) {
    this.clearCaches();
    const before = await summaryLinksOf(this.db, id);
    const was = await this.dateAndState(id);
    const result = await this.db
      .updateTable('training_forms')
      .set({ ...fieldColumns(fields), version: expectedVersion + 1, updated_by: by, updated_at: toDbTime(at) })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    if (was && !was.deleted && monthOf(was.trainingDate) !== monthOf(fields.trainingDate)) {
      await addToMonth(this.db, this.dialect, monthOf(was.trainingDate), -1);
      await addToMonth(this.db, this.dialect, monthOf(fields.trainingDate), 1);
    }
    await this.db.deleteFrom('training_form_trainees').where('training_form_id', '=', id).execute();
    await this.insertTrainees(id, fields.traineeIds);
    // Old and new trainees × old and new document: whoever the form counted for before or counts for now.
    await refreshTrainingSummary(
      this.db,
      [...before.employeeIds, ...fields.traineeIds],
      [before.documentId, await documentOfRevision(this.db, fields.documentRevisionId)],
    );
    return this.requireById(id);
  }

  async findById(id: number): Promise<TrainingForm | null> {
    const row = await this.db
      .selectFrom('training_forms')
      .selectAll()
      .select(TRAINEE_IDS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? formFromRow(row) : null;
  }

  async search(query: TrainingFormQuery, deleted: boolean): Promise<Page<TrainingForm>> {
    return this.page(query, deleted, async (rows) =>
      (await rows.selectAll().select(TRAINEE_IDS).execute()).map(formFromRow),
    );
  }

  async summaries(query: TrainingFormQuery, deleted: boolean): Promise<Page<TrainingFormSummary>> {
    return this.page(query, deleted, async (rows) => (await rows.select(SUMMARY_COLUMNS).execute()).map(toSummary));
  }

  /**
   * One page of matches, whatever is read of each: `read` selects and maps the rows of the query
   * it is given (matching, ordered and paged already, nothing selected yet).
   */
  private async page<T extends { readonly id: number }>(
    query: TrainingFormQuery,
    deleted: boolean,
    read: (rows: FormRows) => Promise<T[]>,
  ): Promise<Page<T>> {
    const named = await this.traineesNamed(query);
    const where = (eb: ExpressionBuilder<Database, 'training_forms'>) =>
      eb.and(conditions(eb, query, deleted, this.dialect, named));
    const key = matchKey(query, deleted);
    // A search's first page (and a page by position) runs the match with its count; a page by number
    // past the first reads the ids of every match once, kept a few seconds for the pages after it.
    if (query.text && this.caches && !query.cursor && query.page > 1) {
      const ids = await this.matchingIds(query, where, `${key}|${query.sort}|${query.direction}`);
      if (ids) {
        const pageIds = ids.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
        const rows =
          pageIds.length === 0 ? [] : await read(this.db.selectFrom('training_forms').where('id', 'in', pageIds));
        const byId = new Map(rows.map((r) => [r.id, r]));
        // A row deleted by another instance since the ids were taken is simply left out.
        return {
          items: pageIds.flatMap((id) => byId.get(id) ?? []),
          total: ids.length,
          page: query.page,
          pageSize: query.pageSize,
        };
      }
    }
    // Counting stops at COUNT_CAP + 1 matches: exact for every list a person pages through, and a
    // broad search over 100k forms no longer pays for a full count on every page.
    let counted = this.caches?.counts.get(key) ?? (await this.countFromMonths(query, deleted));
    if (counted === undefined) {
      const countRow = await this.db
        .selectFrom(
          this.db
            .selectFrom('training_forms')
            .select('id')
            .where(where)
            .limit(COUNT_CAP + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      counted = Number(countRow.n);
      this.caches?.counts.set(key, counted);
    }
    const items = query.cursor
      ? await this.seekPage(query, where, read)
      : await read(
          this.db
            .selectFrom('training_forms')
            .where(where)
            .orderBy(SORT_COLUMNS[query.sort], query.direction)
            .orderBy('id', 'desc')
            .limit(query.pageSize)
            .offset((query.page - 1) * query.pageSize),
        );
    return {
      items,
      total: Math.min(counted, COUNT_CAP),
      totalCapped: counted > COUNT_CAP,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * The count of active forms narrowed by nothing or by whole months only, read from
   * `training_form_months` (a row per month) instead of up to COUNT_CAP + 1 index entries;
   * undefined for any other query.
   */
  private async countFromMonths(query: TrainingFormQuery, deleted: boolean): Promise<number | undefined> {
    if (deleted || !onlyDates(query)) return undefined;
    const months = query.dateFrom || query.dateTo ? wholeMonths(query) : { first: '0000-01', last: '9999-12' };
    return months ? formsBetween(this.db, months.first, months.last) : undefined;
  }

  /**
   * The page next to `query.cursor` in the default order: the index is read from the position on,
   * so page 40,000 costs what page 2 does. Before the position the index is read the other way
   * and the rows turned back into the list's order.
   */
  private async seekPage<T>(
    query: TrainingFormQuery,
    where: (eb: ExpressionBuilder<Database, 'training_forms'>) => Expression<SqlBool>,
    read: (rows: FormRows) => Promise<T[]>,
  ): Promise<T[]> {
    const cursor = query.cursor!;
    const order = cursor.direction === 'after' ? 'desc' : 'asc';
    // The ids first, from the index alone, then their rows: selecting the columns in the same
    // statement makes MariaDB read `deleted = 0` from the top of the index (a `ref`, 60 s at 1M
    // forms) instead of the range that starts at the position.
    const ids = this.db
      .selectFrom('training_forms')
      .select('training_forms.id')
      .where(where)
      .where((eb) => seekCondition(eb, cursor, this.dialect))
      .orderBy('training_date', order)
      .orderBy('id', order)
      .limit(query.pageSize);
    const rows = await read(
      this.db
        .selectFrom('training_forms')
        .where('training_forms.id', 'in', (eb) => eb.selectFrom(ids.as('page')).select('page.id'))
        .orderBy('training_date', order)
        .orderBy('id', order),
    );
    return order === 'desc' ? rows : rows.reverse();
  }

  /**
   * Active forms narrowed by whole months only (the unfiltered list's chart): ~24 rows of
   * `training_form_months`. Any other query: one `GROUP BY` month over at most
   * {@link CHART_MATCH_CAP} + 1 of its matches, null when there are more (the chart is not drawn):
   * a common word no longer costs a count of every match. Kept a few seconds like the list count.
   */
  async monthlyCounts(query: TrainingFormQuery, deleted: boolean): Promise<MonthCount[] | null> {
    const months = !deleted && onlyDates(query) ? wholeMonths(query) : null;
    if (months) return monthsBetween(this.db, months.first, months.last);
    const key = matchKey(query, deleted);
    let counted = this.caches?.months.get(key);
    if (counted === undefined) {
      const named = await this.traineesNamed(query);
      const matches = this.db
        .selectFrom('training_forms')
        .where((eb) => eb.and(conditions(eb, query, deleted, this.dialect, named)))
        .select(MONTH.as('month'))
        .limit(CHART_MATCH_CAP + 1)
        .as('m');
      const rows = await this.db
        .selectFrom(matches)
        .select((eb) => ['m.month', eb.fn.countAll<number | string>().as('n')])
        .groupBy('m.month')
        .orderBy('m.month')
        .execute();
      const found = rows.map((r) => [String(r.month), Number(r.n)] as const);
      counted = found.reduce((sum, [, n]) => sum + n, 0) > CHART_MATCH_CAP ? null : found;
      this.caches?.months.set(key, counted);
    }
    return counted && counted.map(([month, forms]) => ({ month, forms }));
  }

  async unlinkedReferences(afterId: number, limit: number): Promise<FreeTextReference[]> {
    const rows = await this.db
      .selectFrom('training_forms')
      .select(['id', 'reference_document', 'reference_revision'])
      .where('document_revision_id', 'is', null)
      .where((eb) => eb.or([eb('reference_document', 'is not', null), eb('reference_revision', 'is not', null)]))
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      formId: r.id,
      referenceDocument: r.reference_document,
      referenceRevision: r.reference_revision,
    }));
  }

  async linkRevision(id: number, link: RevisionLink, by: string, at: Date): Promise<TrainingForm | null> {
    const before = await this.findById(id);
    if (!before || before.documentRevisionId !== null) return null;
    this.clearCaches();
    const result = await this.db
      .updateTable('training_forms')
      .set({
        document_revision_id: link.documentRevisionId,
        reference_document: link.referenceDocument,
        reference_revision: link.referenceRevision,
        version: before.version + 1,
        updated_by: by,
        updated_at: toDbTime(at),
      })
      .where('id', '=', id)
      .where('version', '=', before.version)
      .where('document_revision_id', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    await refreshTrainingSummary(this.db, before.traineeIds, [
      await documentOfRevision(this.db, link.documentRevisionId),
    ]);
    return before;
  }

  async setDeleted(id: number, deletion: { by: string; at: Date } | null): Promise<boolean> {
    this.clearCaches();
    const was = await this.dateAndState(id);
    const result = await this.db
      .updateTable('training_forms')
      .set({
        deleted: toDbBool(deletion !== null),
        deleted_datetimestamp: deletion ? toDbTime(deletion.at) : null,
        deleted_by: deletion ? deletion.by : null,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    if (was && was.deleted !== (deletion !== null))
      await addToMonth(this.db, this.dialect, monthOf(was.trainingDate), deletion ? -1 : 1);
    const links = await summaryLinksOf(this.db, id);
    await refreshTrainingSummary(this.db, links.employeeIds, [links.documentId]);
    return true;
  }

  async purge(id: number): Promise<readonly string[] | null> {
    this.clearCaches();
    const exists = await this.dateAndState(id);
    if (!exists) return null;
    const links = await summaryLinksOf(this.db, id);
    const files = await this.db
      .selectFrom('attachments')
      .select('stored_name')
      .where('training_form_id', '=', id)
      .execute();
    // Explicit deletes rather than relying on ON DELETE CASCADE: the same on every connection setting.
    await this.db.deleteFrom('attachments').where('training_form_id', '=', id).execute();
    await this.db.deleteFrom('training_form_trainees').where('training_form_id', '=', id).execute();
    await this.db.deleteFrom('form_signatures').where('training_form_id', '=', id).execute();
    await this.db.deleteFrom('training_forms').where('id', '=', id).execute();
    if (!exists.deleted) await addToMonth(this.db, this.dialect, monthOf(exists.trainingDate), -1);
    await refreshTrainingSummary(this.db, links.employeeIds, [links.documentId]);
    return files.map((f) => f.stored_name);
  }

  /**
   * The ordered ids of every match of a text search (sorting every match to page deep), computed
   * once and kept a few seconds: paging deep into a common word by number (or a bookmark of such a
   * page, reloaded) then costs one lookup by id instead of a scan. Not for a search's first page:
   * under a varied workload, most searches are seen once, and fetching every id made each new
   * search cost more (BENCHMARKS.md, "Search and list under a varied workload"). Null when there
   * are too many matches to keep.
   */
  private matchingIds(
    query: TrainingFormQuery,
    where: (eb: ExpressionBuilder<Database, 'training_forms'>) => Expression<SqlBool>,
    key: string,
  ): Promise<readonly number[] | null> {
    const cache = this.caches!.searchIds;
    let pending = cache.get(key);
    if (!pending) {
      pending = this.db
        .selectFrom('training_forms')
        .select('id')
        .where(where)
        .orderBy(SORT_COLUMNS[query.sort], query.direction)
        .orderBy('id', 'desc')
        .limit(MAX_CACHED_IDS + 1)
        .execute()
        .then((found) => (found.length > MAX_CACHED_IDS ? null : found.map((r) => r.id)));
      cache.set(key, pending);
      pending.catch(() => cache.clear());
    }
    return pending;
  }

  /** The people a typed trainee name matches, resolved before the forms are read (null: none typed, or too many). */
  private async traineesNamed(query: TrainingFormQuery): Promise<readonly number[] | null> {
    return query.traineeName ? employeesNamed(this.db, query.traineeName, this.traineeNameBound) : null;
  }

  /**
   * The form's training date and whether it is deleted, read before a write that may move it
   * between months of `training_form_months` (null: no such form). `for update` on MariaDB, so
   * that two writes of one form cannot both count its move.
   */
  private async dateAndState(id: number): Promise<{ trainingDate: string; deleted: boolean } | null> {
    let read = this.db.selectFrom('training_forms').select(['training_date', 'deleted']).where('id', '=', id);
    if (this.dialect === 'mariadb') read = read.forUpdate();
    const row = await read.executeTakeFirst();
    return row ? { trainingDate: row.training_date, deleted: fromDbBool(row.deleted) } : null;
  }

  private clearCaches(): void {
    this.caches?.counts.clear();
    this.caches?.months.clear();
    this.caches?.searchIds.clear();
  }

  private async insertTrainees(formId: number, employeeIds: readonly number[]) {
    for (const part of chunk(employeeIds, 500)) {
      await this.db
        .insertInto('training_form_trainees')
        .values(part.map((employee_id) => ({ training_form_id: formId, employee_id })))
        .execute();
    }
  }

  private async requireById(id: number): Promise<TrainingForm> {
    const form = await this.findById(id);
    if (!form) throw new Error(`training form ${id} vanished inside its own transaction`);
    return form;
  }
}

/** What a query matches, as a cache key (sort and paging left out). */
function matchKey(query: TrainingFormQuery, deleted: boolean): string {
  return JSON.stringify([
    deleted,
    query.text,
    query.trainingType,
    query.trainer,
    query.dateFrom,
    query.dateTo,
    query.traineeId,
    query.traineeName,
    query.referenceDocument,
    query.referenceRevision,
    query.ids,
  ]);
}

/** `YYYY-MM` of the training date: the same text on both dialects (MariaDB reads its DATE as text). */
const MONTH = sql<string>`substr(${sql.ref('training_date')}, 1, 7)`;

function conditions(
  eb: ExpressionBuilder<Database, 'training_forms'>,
  q: TrainingFormQuery,
  deleted: boolean,
  dialect: 'sqlite' | 'mariadb',
  named: readonly number[] | null,
): Expression<SqlBool>[] {
  // SQLite keeps no statistics here (no ANALYZE), so it takes `deleted = ?` for a narrow index
  // range and, with a trainee chosen, would read every form through it, probing the person's
  // rows for each (1.2 s at 1M forms). A unary + leaves that index out: it starts from the
  // person's trainee rows (hundreds) and sorts their forms; the same for the few people a typed
  // name resolved to. MariaDB's statistics choose so itself.
  const list: Expression<SqlBool>[] = [
    dialect === 'sqlite' && (q.traineeId !== undefined || (q.traineeName && named !== null))
      ? sql<SqlBool>`+${sql.ref('training_forms.deleted')} = ${toDbBool(deleted)}`
      : eb('deleted', '=', toDbBool(deleted)),
  ];
  const like = (column: string, text: string) => sql<SqlBool>`${sql.ref(column)} like ${likeContains(text)} escape '!'`;
  if (q.text) list.push(...textConditions(eb, q.text, dialect));
  if (q.trainingType) list.push(eb('training_type', '=', q.trainingType));
  if (q.trainer) list.push(like('trainer', q.trainer));
  if (q.dateFrom) list.push(eb('training_date', '>=', q.dateFrom));
  if (q.dateTo) list.push(eb('training_date', '<=', q.dateTo));
  if (q.referenceDocument) list.push(...referenceConditions(q.referenceDocument, dialect));
  if (q.referenceRevision)
    list.push(eb(eb.fn('lower', ['reference_revision']), '=', q.referenceRevision.toLowerCase()));
  if (q.ids) list.push(q.ids.length === 0 ? sql<SqlBool>`1 = 0` : eb('id', 'in', [...q.ids]));
  if (q.traineeId !== undefined)
    list.push(
      eb(
        'training_forms.id',
        'in',
        eb
          .selectFrom('training_form_trainees as t')
          .select('t.training_form_id')
          .where('t.employee_id', '=', q.traineeId),
      ),
    );
  if (q.traineeName) list.push(traineeNamedCondition(eb, q.traineeName, named));
  return list;
}

function fieldColumns(f: TrainingFormFields) {
  return {
    title: f.title,
    training_type: f.trainingType,
    description: f.description,
    trainer: f.trainer,
    training_date: f.trainingDate,
    duration_minutes: f.durationMinutes,
    location: f.location,
    reference_document: f.referenceDocument,
    reference_revision: f.referenceRevision,
    document_revision_id: f.documentRevisionId,
    trainee_count: f.traineeIds.length,
  };
}

/**
 * A form's trainee ids as one comma-separated text (null: none), read in the same statement as
 * the form: one query for a whole page instead of a second one per page or per form.
 */
const TRAINEE_IDS = sql<
  string | null
>`(select group_concat(t.employee_id) from training_form_trainees t where t.training_form_id = training_forms.id)`.as(
  'trainee_ids',
);

const SUMMARY_COLUMNS = [
  'id',
  'title',
  'training_type',
  'trainer',
  'training_date',
  'reference_document',
  'reference_revision',
  'document_revision_id',
  'trainee_count',
  'deleted_datetimestamp',
  'deleted_by',
] as const;

function toSummary(r: Pick<FormRow, (typeof SUMMARY_COLUMNS)[number]>): TrainingFormSummary {
  return {
    id: r.id,
    title: r.title,
    trainingType: r.training_type,
    trainer: r.trainer,
    trainingDate: r.training_date,
    traineeCount: Number(r.trainee_count),
    referenceDocument: r.reference_document,
    referenceRevision: r.reference_revision,
    documentRevisionId: r.document_revision_id,
    deletedAt: fromDbTimeOrNull(r.deleted_datetimestamp),
    deletedBy: r.deleted_by,
  };
}

function parseIds(text: string | null): number[] {
  return text
    ? text
        .split(',')
        .map(Number)
        .sort((a, b) => a - b)
    : [];
}

/** A form row (with its trainee ids as comma-separated text, see `TRAINEE_IDS`) as the domain form. */
export function formFromRow(r: FormRow & { trainee_ids: string | null }): TrainingForm {
  return {
    id: r.id,
    title: r.title,
    trainingType: r.training_type,
    description: r.description,
    trainer: r.trainer,
    trainingDate: r.training_date,
    durationMinutes: r.duration_minutes,
    location: r.location,
    referenceDocument: r.reference_document,
    referenceRevision: r.reference_revision,
    documentRevisionId: r.document_revision_id,
    traineeIds: parseIds(r.trainee_ids),
    version: r.version,
    createdBy: r.created_by,
    createdAt: fromDbTime(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: fromDbTime(r.updated_at),
    deleted: fromDbBool(r.deleted),
    deletedAt: fromDbTimeOrNull(r.deleted_datetimestamp),
    deletedBy: r.deleted_by,
  };
}
