import type { Kysely, Selectable } from 'kysely';
import type { AuditEvent, NewAuditEvent } from '../../../domain/audit-event.ts';
import type { AuditLog } from '../../../domain/ports/audit-log.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';

/** {@link AuditLog} as rows of `audit_events`; details stored as JSON text. */
export class KyselyAuditLog implements AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(event: NewAuditEvent): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        occurred_at: toDbTime(event.occurredAt),
        actor: event.actor,
        action: event.action,
        entity_type: event.entityType,
        entity_id: event.entityId,
        details: event.details === null ? null : JSON.stringify(event.details),
      })
      .execute();
  }

  async listFor(entityType: string, entityId: string): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map(auditEventFromRow);
  }
}

/** An `audit_events` row as the domain event (details parsed from their JSON text). */
export function auditEventFromRow(r: Selectable<Database['audit_events']>): AuditEvent {
  return {
    id: r.id,
    occurredAt: fromDbTime(r.occurred_at),
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
  };
}
