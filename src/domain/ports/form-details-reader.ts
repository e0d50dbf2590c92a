import type { Attachment } from '../attachment.ts';
import type { AuditEvent } from '../audit-event.ts';
import type { Employee } from '../employee.ts';
import type { TrainingForm } from '../training-form.ts';

/** Everything the detail page shows about one form. */
export interface FormDetails {
  readonly form: TrainingForm;
  /** The form's trainees, by id. */
  readonly trainees: readonly Employee[];
  /** Oldest first. */
  readonly attachments: readonly Attachment[];
  /** The form's audit events (entity `training_form`), oldest first. */
  readonly history: readonly AuditEvent[];
}

/**
 * The detail page's read of one form as one piece, so that an adapter can fetch it in fewer
 * statements than the four repositories would take one by one. The result is the same as
 * `forms.findById`, `employees.findByIds(form.traineeIds)`, `attachments.listFor` and
 * `audit.listFor('training_form', id)` together; deleted forms are returned too (the caller decides).
 */
export interface FormDetailsReader {
  /** Null when no form has this id. */
  load(id: number): Promise<FormDetails | null>;
}
