import { sql, type Kysely, type Selectable } from 'kysely';
import type { Attachment } from '../../../domain/attachment.ts';
import { TRAINING_FORM_ENTITY as FORM_ENTITY, type AuditEvent } from '../../../domain/audit-event.ts';
import type { Employee } from '../../../domain/employee.ts';
import type { FormDetails, FormDetailsReader } from '../../../domain/ports/form-details-reader.ts';
import { declaredSchema, type Database } from '../../../declared-schema/declared-schema.ts';
import { CompiledOnce } from '../connection/compiled-once.ts';
import { attachmentFromRow } from './kysely-attachment-repository.ts';
import { auditEventFromRow } from './kysely-audit-log.ts';
import { employeeFromRow } from './kysely-employee-repository.ts';
import { formFromRow } from './kysely-training-form-repository.ts';

/**
 * {@link FormDetailsReader} in one statement, compiled once ({@link CompiledOnce}): a `UNION ALL`
 * of the form joined with its trainees (one row per trainee), its attachments and its audit
 * events, each part leaving the others' columns null. The repositories one by one took four
 * statements; on MariaDB each statement costs the server and this process ~0.1-0.2 ms of CPU
 * whatever it reads, most of it the round trip (BENCHMARKS.md, "Pages").
 */
export class KyselyFormDetailsReader implements FormDetailsReader {
  private readonly statement;

  constructor(db: Kysely<Database>) {
    this.statement = new CompiledOnce(db, 2, (id: number, entityId: string) => detailsOf(db, id, entityId));
  }

  async load(id: number): Promise<FormDetails | null> {
    const rows = (await this.statement.execute(id, String(id))) as DetailRow[];
    const formRows = rows.filter((r): r is FormPart => r.kind === 'form');
    const first = formRows[0];
    if (!first) return null;
    const trainees = formRows.flatMap(traineeOf).sort((a, b) => a.id - b.id);
    return {
      form: { ...formFromRow({ ...first, trainee_ids: null }), traineeIds: trainees.map((e) => e.id) },
      trainees,
      attachments: rows
        .flatMap((r) => (r.kind === 'attachment' ? [attachmentOf(r, id)] : []))
        .sort(byTimeThenId('uploadedAt')),
      history: rows.flatMap((r) => (r.kind === 'event' ? [eventOf(r, id)] : [])).sort(byTimeThenId('occurredAt')),
    };
  }
}

type FormRow = Selectable<Database['training_forms']>;
type EmployeeRow = Selectable<Database['employees']>;
/** Every declared column of the form and of an employee: a column added to the schema is read here too. */
const FORM_COLUMNS = Object.keys(declaredSchema.training_forms.columns) as (keyof FormRow & string)[];
const EMPLOYEE_COLUMNS = Object.keys(declaredSchema.employees.columns);
const TRAINEE_COLUMNS = EMPLOYEE_COLUMNS.map((c) => `e_${c}`);
const ACTIVITY_COLUMNS = ['a_id', 'a_at', 'a_who', 'a_name', 'a_info', 'a_size', 'a_sha256', 'a_stored_name'] as const;

type Nulls<K extends string> = { readonly [P in K]: null };
type TraineeColumns = { readonly [P in keyof EmployeeRow as `e_${P}`]: EmployeeRow[P] | null };
/** An attachment (`name` its file name, `info` its type) or an audit event (`name` the action, `info` the details). */
interface ActivityColumns {
  readonly a_id: number;
  readonly a_at: string;
  readonly a_who: string;
  readonly a_name: string;
  readonly a_info: string | null;
  readonly a_size: number | string | null;
  readonly a_sha256: string | null;
  readonly a_stored_name: string | null;
}
type FormPart = FormRow & TraineeColumns & Nulls<(typeof ACTIVITY_COLUMNS)[number]> & { readonly kind: 'form' };
type ActivityPart = Nulls<keyof FormRow | keyof TraineeColumns> &
  ActivityColumns & { readonly kind: 'attachment' | 'event' };
type DetailRow = FormPart | ActivityPart;

const nulls = (names: readonly string[]) => names.map((name) => sql<null>`null`.as(name));

function detailsOf(db: Kysely<Database>, id: number, entityId: string) {
  const form = db
    .selectFrom('training_forms')
    .leftJoin('training_form_trainees as t', 't.training_form_id', 'training_forms.id')
    .leftJoin('employees as e', 'e.id', 't.employee_id')
    .select(FORM_COLUMNS.map((c) => `training_forms.${c}` as const))
    .select([
      sql.lit('form').as('kind'),
      ...EMPLOYEE_COLUMNS.map((c) => sql.ref(`e.${c}`).as(`e_${c}`)),
      ...nulls(ACTIVITY_COLUMNS),
    ])
    .where('training_forms.id', '=', id)
    .$castTo<DetailRow>();
  const attachments = db
    .selectFrom('attachments')
    .select([
      ...nulls(FORM_COLUMNS),
      sql.lit('attachment').as('kind'),
      ...nulls(TRAINEE_COLUMNS),
      'id as a_id',
      'uploaded_at as a_at',
      'uploaded_by as a_who',
      'original_name as a_name',
      'content_type as a_info',
      'size_bytes as a_size',
      'sha256 as a_sha256',
      'stored_name as a_stored_name',
    ])
    .where('training_form_id', '=', id)
    .$castTo<DetailRow>();
  const events = db
    .selectFrom('audit_events')
    .select([
      ...nulls(FORM_COLUMNS),
      sql.lit('event').as('kind'),
      ...nulls(TRAINEE_COLUMNS),
      'id as a_id',
      'occurred_at as a_at',
      'actor as a_who',
      'action as a_name',
      'details as a_info',
      ...nulls(['a_size', 'a_sha256', 'a_stored_name']),
    ])
    .where('entity_type', '=', FORM_ENTITY)
    .where('entity_id', '=', entityId)
    .$castTo<DetailRow>();
  return form.unionAll(attachments).unionAll(events);
}

/** The trainee of one form row, if it has one. */
function traineeOf(r: FormPart): Employee[] {
  if (r.e_id === null) return [];
  return [
    employeeFromRow({
      id: r.e_id,
      directory_id: r.e_directory_id!,
      display_name: r.e_display_name!,
      email: r.e_email,
      user_principal_name: r.e_user_principal_name,
      department: r.e_department,
      job_title: r.e_job_title,
      active: r.e_active!,
      last_synced_at: r.e_last_synced_at,
    }),
  ];
}

function attachmentOf(r: ActivityPart, formId: number): Attachment {
  return attachmentFromRow({
    id: r.a_id,
    training_form_id: formId,
    stored_name: r.a_stored_name!,
    original_name: r.a_name,
    content_type: r.a_info!,
    size_bytes: Number(r.a_size),
    sha256: r.a_sha256!,
    uploaded_by: r.a_who,
    uploaded_at: r.a_at,
  });
}

function eventOf(r: ActivityPart, formId: number): AuditEvent {
  return auditEventFromRow({
    id: r.a_id,
    occurred_at: r.a_at,
    actor: r.a_who,
    action: r.a_name,
    entity_type: FORM_ENTITY,
    entity_id: String(formId),
    details: r.a_info,
  });
}

function byTimeThenId<K extends string>(key: K) {
  return (a: { readonly id: number } & Record<K, Date>, b: { readonly id: number } & Record<K, Date>) =>
    a[key].getTime() - b[key].getTime() || a.id - b.id;
}
