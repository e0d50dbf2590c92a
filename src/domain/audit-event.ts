/** What happened to an entity. */
export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'purge' | (string & {});

/** The entity type under which training forms (and their attachments) are audited. */
export const TRAINING_FORM_ENTITY = 'training_form';

/** One entry of the audit history. */
export interface AuditEvent {
  readonly id: number;
  readonly occurredAt: Date;
  readonly actor: string;
  readonly action: AuditAction;
  readonly entityType: string;
  readonly entityId: string | null;
  /** Free-form facts about the change (changed fields, counts), JSON-serialisable. */
  readonly details: Readonly<Record<string, unknown>> | null;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;
