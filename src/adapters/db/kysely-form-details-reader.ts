import { MysqlAdapter, sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { FormDetails } from '../../domain/form-details.ts';
import type { FormDetailsReader } from '../../domain/ports/form-details-reader.ts';
import type { Database } from '../../schema/declared-schema.ts';
import { attachmentFromRow, type AttachmentRow } from './kysely-attachment-repository.ts';
import { auditEventFromRow, type AuditEventRow } from './kysely-audit-log.ts';
import { employeeFromRow, type EmployeeRow } from './kysely-employee-repository.ts';
import { TRAINEE_IDS, trainingFormFromRow } from './kysely-training-form-repository.ts';

const EMPLOYEE_COLUMNS = ['id', 'directory_id', 'display_name', 'email', 'user_principal_name', 'department', 'job_title', 'active', 'last_synced_at'] as const;
const ATTACHMENT_COLUMNS = ['id', 'training_form_id', 'stored_name', 'original_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_by', 'uploaded_at'] as const;
const AUDIT_COLUMNS = ['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'details'] as const;

/**
 * {@link FormDetailsReader} in one statement: the form row carries its trainees, attachments and
 * history as JSON arrays built by the database (`json_group_array` on SQLite, `json_arrayagg` on
 * MariaDB; `json_object` on both). One round trip instead of four, which is most of the cost of
 * the detail page on MariaDB. The arrays hold the same columns as the tables' rows and are mapped
 * by the same functions as the repositories' own reads.
 */
export class KyselyFormDetailsReader implements FormDetailsReader {
  private readonly arrayAgg: RawBuilder<unknown>;

  constructor(private readonly db: Kysely<Database>) {
    this.arrayAgg = sql.raw(db.getExecutor().adapter instanceof MysqlAdapter ? 'json_arrayagg' : 'json_group_array');
  }

  async find(id: number): Promise<FormDetails | null> {
    const db = this.db;
    const row = await db
      .selectFrom('training_forms')
      .selectAll()
      .select(TRAINEE_IDS)
      .select([
        this.jsonRows(
          EMPLOYEE_COLUMNS,
          db.selectFrom('employees').select(EMPLOYEE_COLUMNS).where('id', 'in', db.selectFrom('training_form_trainees').select('employee_id').where('training_form_id', '=', id)),
        ).as('trainees_json'),
        this.jsonRows(ATTACHMENT_COLUMNS, db.selectFrom('attachments').select(ATTACHMENT_COLUMNS).where('training_form_id', '=', id)).as('attachments_json'),
        this.jsonRows(
          AUDIT_COLUMNS,
          db.selectFrom('audit_events').select(AUDIT_COLUMNS).where('entity_type', '=', 'training_form').where('entity_id', '=', String(id)),
        ).as('history_json'),
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    // Aggregates promise no order: sorted here, as the repositories' own reads order them.
    return {
      form: trainingFormFromRow(row),
      trainees: jsonArray<EmployeeRow>(row.trainees_json, 'trainees').map(employeeFromRow).sort((a, b) => a.id - b.id),
      attachments: jsonArray<AttachmentRow>(row.attachments_json, 'attachments').map(attachmentFromRow).sort(oldestFirst((a) => a.uploadedAt)),
      history: jsonArray<AuditEventRow>(row.history_json, 'history').map(auditEventFromRow).sort(oldestFirst((e) => e.occurredAt)),
    };
  }

  /** `(select coalesce(<array agg>(json_object('c1', agg.c1, ...)), '[]') from (<rows>) as agg)`. */
  private jsonRows(columns: readonly string[], rows: SelectQueryBuilder<Database, keyof Database, object>): RawBuilder<string> {
    const pairs = sql.join(columns.flatMap((c) => [sql.lit(c), sql.ref(`agg.${c}`)]));
    return sql<string>`(select coalesce(${this.arrayAgg}(json_object(${pairs})), '[]') from (${rows}) as agg)`;
  }
}

function oldestFirst<T extends { readonly id: number }>(at: (item: T) => Date) {
  return (a: T, b: T) => at(a).getTime() - at(b).getTime() || a.id - b.id;
}

/** The JSON text of an aggregate as an array of rows (the database built it from its own columns). */
function jsonArray<Row>(text: unknown, what: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(String(text));
  } catch (error) {
    throw new Error(`form details: the ${what} JSON from the database does not parse`, { cause: error });
  }
  if (!Array.isArray(value)) throw new Error(`form details: the ${what} JSON from the database is not an array`);
  return value as Row[];
}
