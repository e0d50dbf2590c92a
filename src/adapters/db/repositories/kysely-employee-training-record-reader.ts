import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Employee } from '../../../domain/employee.ts';
import type { TrainingRecordEntry, TrainingRecordFilter } from '../../../domain/employee-training-record.ts';
import { signatureState } from '../../../domain/form-signature.ts';
import type { EmployeeTrainingRecordReader } from '../../../domain/ports/employee-training-record-reader.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { likeContains } from '../connection/db-values.ts';
import { employeeFromRow } from './kysely-employee-repository.ts';
import { signatureFromRow } from './kysely-form-signature-repository.ts';

/**
 * `+f.deleted`: keeps SQLite from driving the record by `ix_training_forms_deleted_date` (it would
 * walk every live form in the date range instead of the employee's few); a no-op for MariaDB.
 */
const NOT_AN_INDEX_KEY = sql<number>`+${sql.ref('f.deleted')}`;

/**
 * `column like '%text%'`: ASCII letters match in any case on both dialects (SQLite's LIKE; MariaDB's
 * declared `utf8mb4_unicode_ci` collation, which also ignores accents), as the employee type-ahead does.
 */
const contains = (column: string, text: string) =>
  sql<SqlBool>`${sql.ref(column)} like ${likeContains(text)} escape '!'`;

/**
 * {@link EmployeeTrainingRecordReader} on Kysely. A record is one statement driven by
 * `ix_training_form_trainees_employee` (the employee's forms), then the forms, revisions and
 * documents by primary key, so its cost follows the employee's trainings, not the table's size.
 */
export class KyselyEmployeeTrainingRecordReader implements EmployeeTrainingRecordReader {
  constructor(private readonly db: Kysely<Database>) {}

  async employee(id: number): Promise<Employee | null> {
    const row = await this.db.selectFrom('employees').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? employeeFromRow(row) : null;
  }

  async trainings(employeeId: number, filter: TrainingRecordFilter): Promise<TrainingRecordEntry[]> {
    let query = this.db
      .selectFrom('training_form_trainees as tr')
      .innerJoin('training_forms as f', 'f.id', 'tr.training_form_id')
      .leftJoin('document_revisions as dr', 'dr.id', 'f.document_revision_id')
      .leftJoin('controlled_documents as d', 'd.id', 'dr.document_id')
      // The form's latest signature only (by `ix_form_signatures_form`).
      .leftJoin('form_signatures as s', (join) =>
        join.on((eb) =>
          eb(
            's.id',
            '=',
            eb
              .selectFrom('form_signatures as s2')
              .select((e) => e.fn.max('s2.id').as('latest'))
              .whereRef('s2.training_form_id', '=', 'f.id'),
          ),
        ),
      )
      .where('tr.employee_id', '=', employeeId)
      .where(NOT_AN_INDEX_KEY, '=', 0);
    if (filter.from) query = query.where('f.training_date', '>=', filter.from);
    if (filter.to) query = query.where('f.training_date', '<=', filter.to);
    if (filter.document) {
      const text = filter.document;
      query = query.where((eb) =>
        eb.or([
          eb.and([eb('f.document_revision_id', 'is not', null), contains('d.reference', text)]),
          eb.and([eb('f.document_revision_id', 'is', null), contains('f.reference_document', text)]),
        ]),
      );
    }
    const rows = await query
      .select([
        'f.id',
        'f.training_date',
        'f.title',
        'f.training_type',
        'f.trainer',
        'f.duration_minutes',
        'f.document_revision_id',
        'f.reference_document',
        'f.reference_revision',
        'd.reference',
        'dr.revision',
        'f.version',
        's.id as s_id',
        's.form_version as s_form_version',
        's.signer_username as s_signer_username',
        's.printed_name as s_printed_name',
        's.meaning as s_meaning',
        's.signed_at as s_signed_at',
        's.admin_reason as s_admin_reason',
        's.voided_at as s_voided_at',
        's.voided_by as s_voided_by',
        's.void_reason as s_void_reason',
      ])
      .orderBy('f.training_date', 'desc')
      .orderBy('f.id', 'desc')
      .execute();
    return rows.map((r) => {
      const external = r.document_revision_id === null;
      return {
        formId: Number(r.id),
        trainingDate: dateText(r.training_date),
        title: r.title,
        trainingType: r.training_type,
        document: external
          ? { reference: r.reference_document, revision: r.reference_revision, external: true }
          : { reference: r.reference, revision: r.revision, external: false },
        trainer: r.trainer,
        durationMinutes: Number(r.duration_minutes),
        signature: signatureState(
          Number(r.version),
          r.s_id === null
            ? null
            : signatureFromRow({
                id: r.s_id,
                training_form_id: r.id,
                form_version: r.s_form_version!,
                signer_username: r.s_signer_username!,
                printed_name: r.s_printed_name!,
                meaning: r.s_meaning!,
                signed_at: r.s_signed_at!,
                admin_reason: r.s_admin_reason,
                voided_at: r.s_voided_at,
                voided_by: r.s_voided_by,
                void_reason: r.s_void_reason,
              }),
        ),
      };
    });
  }

  async findEmployees(text: string, offset: number, limit: number): Promise<{ items: Employee[]; total: number }> {
    const base = this.db
      .selectFrom('employees')
      .$if(text !== '', (q) =>
        q.where((eb) => eb.or([contains('display_name', text), contains('email', text), contains('department', text)])),
      );
    // Two statements, not a window count: the page walks `ix_employees_display_name` and stops after
    // `limit` matches, and counting everyone is an index count; a window count sorted every match
    // (page 1 of everyone: 0.1 → 7.7 ms on SQLite, 4 → 68 ms on MariaDB; BENCHMARKS.md).
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('display_name').orderBy('id').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(employeeFromRow), total: Number(count.n) };
  }
}

/** A DATE value as `YYYY-MM-DD` (text on SQLite; text or Date on MariaDB, depending on the driver path). */
function dateText(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
