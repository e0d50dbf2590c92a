import type { Kysely, Selectable } from 'kysely';
import type { AuditEvent, NewAuditEvent } from '../../../domain/audit-event.ts';
import { sealAuditEvent, type SealedAuditEvent } from '../../../domain/audit-seal.ts';
import type { AuditLog } from '../../../domain/ports/audit-log.ts';
import type { ContentHasher } from '../../../domain/ports/content-hasher.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';
import { retriedTransaction } from './retried-transaction.ts';
import { Sha256ContentHasher } from './sha256-content-hasher.ts';

/** The name of the one chain-head row. */
export const AUDIT_CHAIN = 'audit';

/**
 * {@link AuditLog} as rows of `audit_events`; details stored as JSON text. Each event is sealed
 * (docs/audit-trail.md): the chain head row is updated first, in the same transaction as the
 * insert, so a second writer waits for it (one server, SQLite) or fails certification and is
 * retried by the unit of work (Galera); two events can never chain onto the same predecessor.
 * Outside a transaction, `record` opens its own (retried like a unit of work).
 */
export class KyselyAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hasher: ContentHasher = new Sha256ContentHasher(),
  ) {}

  async record(event: NewAuditEvent): Promise<void> {
    if (this.db.isTransaction) return this.append(this.db, event);
    return retriedTransaction(this.db, (trx) => this.append(trx, event));
  }

  private async append(db: Kysely<Database>, event: NewAuditEvent): Promise<void> {
    // Details as they will read back (JSON round trip), so the hash covers what is stored.
    const details =
      event.details === null ? null : (JSON.parse(JSON.stringify(event.details)) as Record<string, unknown>);
    const stored = { ...event, occurredAt: fromDbTime(toDbTime(event.occurredAt)), details };
    const bumped = await db
      .updateTable('audit_chain_head')
      .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
      .where('name', '=', AUDIT_CHAIN)
      .executeTakeFirst();
    if (bumped.numUpdatedRows === 0n)
      await db.insertInto('audit_chain_head').values({ name: AUDIT_CHAIN, last_seq: 1, last_hash: '' }).execute();
    const head = await db
      .selectFrom('audit_chain_head')
      .select(['last_seq', 'last_hash'])
      .where('name', '=', AUDIT_CHAIN)
      .executeTakeFirstOrThrow();
    const seq = Number(head.last_seq);
    const previous = seq === 1 ? null : { seq: seq - 1, hash: head.last_hash };
    const seal = sealAuditEvent(stored, previous, this.hasher);
    await db
      .insertInto('audit_events')
      .values({
        occurred_at: toDbTime(stored.occurredAt),
        actor: event.actor,
        action: event.action,
        entity_type: event.entityType,
        entity_id: event.entityId,
        details: details === null ? null : JSON.stringify(details),
        seq: seal.seq,
        prev_hash: seal.prevHash,
        hash: seal.hash,
      })
      .execute();
    await db.updateTable('audit_chain_head').set({ last_hash: seal.hash }).where('name', '=', AUDIT_CHAIN).execute();
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
export function auditEventFromRow(
  r: Omit<Selectable<Database['audit_events']>, 'seq' | 'prev_hash' | 'hash'>,
): AuditEvent {
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

/** An `audit_events` row with its seal (null when any seal column is empty). */
export function sealedAuditEventFromRow(r: Selectable<Database['audit_events']>): SealedAuditEvent {
  const sealed = r.seq !== null && r.prev_hash !== null && r.hash !== null;
  return {
    ...auditEventFromRow(r),
    seal: sealed ? { seq: Number(r.seq), prevHash: r.prev_hash ?? '', hash: r.hash ?? '' } : null,
  };
}
