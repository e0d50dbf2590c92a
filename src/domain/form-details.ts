import type { Attachment } from './attachment.ts';
import type { AuditEvent } from './audit-event.ts';
import type { Employee } from './employee.ts';
import type { TrainingForm } from './training-form.ts';

/** Everything the detail page shows about one form. */
export interface FormDetails {
  readonly form: TrainingForm;
  /** Ascending by id. */
  readonly trainees: readonly Employee[];
  /** Oldest first. */
  readonly attachments: readonly Attachment[];
  /** Oldest first. */
  readonly history: readonly AuditEvent[];
}
