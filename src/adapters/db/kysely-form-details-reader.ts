import { sql, type Kysely } from 'kysely';
import type { Attachment } from '../../domain/attachment.ts';
import { TRAINING_FORM_ENTITY as FORM_ENTITY, type AuditEvent } from '../../domain/audit-event.ts';
import type { Employee } from '../../domain/employee.ts';
import type { FormDetails, FormDetailsReader } from '../../domain/ports/form-details-reader.ts';
import type { Database } from '../../schema/declared-schema.ts';
import { CompiledOnce } from './compiled-once.ts';
import { attachmentFromRow } from './kysely-attachment-repository.ts';
import { auditEventFromRow } from './kysely-audit-log.ts';
import { employeeFromRow } from './kysely-employee-repository.ts';
import { formFromRow } from './kysely-training-form-repository.ts';

/**
 * {@link FormDetailsReader} in two statements, sent together: the form joined with its trainees
 * (one row per trainee), and its attachments and history as one `UNION ALL`, both compiled once
 * ({@link CompiledOnce}). The repositories one by one took four statements, and on MariaDB each
 * statement costs the server and this process ~0.1-0.2 ms of CPU whatever it reads (BENCHMARKS.md, "Pages").
 */
export class KyselyFormDetailsReader implements FormDetailsReader {
  private readonly formWithTrainees;
  private readonly activity;

  constructor(db: Kysely<Database>) {
    this.formWithTrainees = new CompiledOnce(db, 1, (id: number) => formWithTrainees(db, id));
    this.activity = new CompiledOnce(db, 2, (id: number, entityId: string) => activity(db, id, entityId));
  }

  async load(id: number): Promise<FormDetails | null> {
    const [formRows, activity] = await Promise.all([this.formWithTrainees.execute(id), this.activity.execute(id, String(id))]);
    const first = formRows[0];
    if (!first) return null;
    const { trainee_id, e_id, e_directory_id, e_display_name, e_email, e_user_principal_name, e_department, e_job_title, e_active, e_last_synced_at, ...formRow } = first;
    const traineeIds = formRows.flatMap((r) => (r.trainee_id === null ? [] : [r.trainee_id]));
    return {
      form: { ...formFromRow({ ...formRow, trainee_ids: null }), traineeIds },
      trainees: formRows.flatMap(traineeOf),
      attachments: activity.flatMap((r) => (r.kind === 'attachment' ? [attachmentOf(r, id)] : [])).sort(byTimeThenId('uploadedAt')),
      history: activity.flatMap((r) => (r.kind === 'event' ? [eventOf(r, id)] : [])).sort(byTimeThenId('occurredAt')),
    };
  }
}

type FormRowWithTrainee = Awaited<ReturnType<ReturnType<typeof formWithTrainees>['execute']>>[number];
type ActivityRow = Awaited<ReturnType<ReturnType<typeof activity>['execute']>>[number];

/** The trainee of one joined row, if it has one. */
function traineeOf(r: FormRowWithTrainee): Employee[] {
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

function attachmentOf(r: ActivityRow, formId: number): Attachment {
  return attachmentFromRow({
    id: r.id,
    training_form_id: formId,
    stored_name: r.stored_name!,
    original_name: r.name,
    content_type: r.info!,
    size_bytes: Number(r.size),
    sha256: r.sha256!,
    uploaded_by: r.who,
    uploaded_at: r.at,
  });
}

function eventOf(r: ActivityRow, formId: number): AuditEvent {
  return auditEventFromRow({ id: r.id, occurred_at: r.at, actor: r.who, action: r.name, entity_type: FORM_ENTITY, entity_id: String(formId), details: r.info });
}

/** The form's columns on every row, beside one trainee's (all null when it has none). */
function formWithTrainees(db: Kysely<Database>, id: number) {
  return db
    .selectFrom('training_forms')
    .leftJoin('training_form_trainees as t', 't.training_form_id', 'training_forms.id')
    .leftJoin('employees as e', 'e.id', 't.employee_id')
    .selectAll('training_forms')
    .select([
      't.employee_id as trainee_id',
      'e.id as e_id',
      'e.directory_id as e_directory_id',
      'e.display_name as e_display_name',
      'e.email as e_email',
      'e.user_principal_name as e_user_principal_name',
      'e.department as e_department',
      'e.job_title as e_job_title',
      'e.active as e_active',
      'e.last_synced_at as e_last_synced_at',
    ])
    .where('training_forms.id', '=', id)
    .orderBy('t.employee_id');
}

/**
 * Attachments and audit events in one result, in shared columns: `name` is the file name or the
 * action, `info` the content type or the details' JSON; the file-only columns are null for events.
 */
function activity(db: Kysely<Database>, id: number, entityId: string) {
  const attachments = db
    .selectFrom('attachments')
    .select([
      sql.lit('attachment').$castTo<'attachment' | 'event'>().as('kind'),
      'id',
      'uploaded_at as at',
      'uploaded_by as who',
      'original_name as name',
      sql<string | null>`content_type`.as('info'),
      sql<number | string | null>`size_bytes`.as('size'),
      sql<string | null>`sha256`.as('sha256'),
      sql<string | null>`stored_name`.as('stored_name'),
    ])
    .where('training_form_id', '=', id);
  const events = db
    .selectFrom('audit_events')
    .select([
      sql.lit('event').$castTo<'attachment' | 'event'>().as('kind'),
      'id',
      'occurred_at as at',
      'actor as who',
      'action as name',
      'details as info',
      sql<number | string | null>`null`.as('size'),
      sql<string | null>`null`.as('sha256'),
      sql<string | null>`null`.as('stored_name'),
    ])
    .where('entity_type', '=', FORM_ENTITY)
    .where('entity_id', '=', entityId);
  return attachments.unionAll(events);
}

function byTimeThenId<K extends string>(key: K) {
  return (a: { readonly id: number } & Record<K, Date>, b: { readonly id: number } & Record<K, Date>) =>
    a[key].getTime() - b[key].getTime() || a.id - b.id;
}
