import type { AuditEvent, NewAuditEvent } from '../audit-event.ts';

/** The append-only history of changes. */
export interface AuditLog {
  record(event: NewAuditEvent): Promise<void>;

  /** Events about one entity, oldest first. */
  listFor(entityType: string, entityId: string): Promise<AuditEvent[]>;
}
