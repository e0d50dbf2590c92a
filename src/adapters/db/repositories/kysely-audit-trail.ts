import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditEvent } from '../../../domain/audit-event.ts';
import type { AuditFilter, AuditPosition, AuditTrail } from '../../../domain/ports/audit-trail.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { toDbTime } from '../connection/db-values.ts';
import { auditEventFromRow } from './kysely-audit-log.ts';

const COLUMNS = ['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'details'] as const;

/**
 * {@link AuditTrail} over `audit_events`. Each filter has an index that also gives the order:
 * `ix_audit_events_actor` (actor, occurred_at), `ix_audit_events_action` (action, occurred_at),
 * `ix_audit_events_entity` (entity_type, entity_id, occurred_at), `ix_audit_events_occurred`; the
 * id, last in every secondary index on both engines, breaks ties. So a page reads `limit` index
 * entries from its position whatever the depth. The action and actor choices are a loose index
 * scan (one index seek per distinct value, a recursive CTE), not a scan of the table.
 */
export class KyselyAuditTrail implements AuditTrail {
  constructor(private readonly db: Kysely<Database>) {}

  async page(
    filter: AuditFilter,
    options: { readonly limit: number; readonly olderThan?: AuditPosition; readonly newerThan?: AuditPosition },
  ): Promise<AuditEvent[]> {
    const limit = Math.max(1, Math.trunc(options.limit));
    let query = filtered(this.db.selectFrom('audit_events').select(COLUMNS), filter);
    const { olderThan: older, newerThan: newer } = options;
    if (older) {
      const at = toDbTime(older.occurredAt);
      query = query.where((eb) =>
        eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', older.id)])]),
      );
    }
    if (newer) {
      const at = toDbTime(newer.occurredAt);
      const rows = await query
        .where((eb) =>
          eb.or([eb('occurred_at', '>', at), eb.and([eb('occurred_at', '=', at), eb('id', '>', newer.id)])]),
        )
        .orderBy('occurred_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.reverse().map(auditEventFromRow);
    }
    const rows = await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(auditEventFromRow);
  }

  async count(filter: AuditFilter, cap: number): Promise<number> {
    // Counting stops at the cap: at most `cap` index entries are read, however many events match.
    const capped = filtered(this.db.selectFrom('audit_events').select('id'), filter).limit(Math.max(0, cap));
    const row = await this.db
      .selectFrom(capped.as('m'))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async event(id: number): Promise<AuditEvent | null> {
    const row = await this.db.selectFrom('audit_events').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? auditEventFromRow(row) : null;
  }

  async actions(): Promise<string[]> {
    return this.distinct('action', 1000);
  }

  async actors(limit: number): Promise<string[]> {
    return this.distinct('actor', limit);
  }

  /** The distinct values of an indexed column, in order: each the least one greater than the last. */
  private async distinct(column: 'action' | 'actor', limit: number): Promise<string[]> {
    const c = sql.ref(column);
    const { rows } = await sql<{ v: string }>`
      with recursive d (v, n) as (
        select min(${c}), 1 from audit_events
        union all
        select (select min(${c}) from audit_events where ${c} > d.v), d.n + 1 from d where d.v is not null and d.n < ${Math.max(1, Math.trunc(limit))}
      )
      select v from d where v is not null order by v`.execute(this.db);
    return rows.map((r) => r.v);
  }
}

/** `query` narrowed to the events `filter` matches. */
function filtered<O>(
  query: SelectQueryBuilder<Database, 'audit_events', O>,
  filter: AuditFilter,
): SelectQueryBuilder<Database, 'audit_events', O> {
  let q = query;
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.entity !== undefined)
    q = q.where('entity_type', '=', filter.entity.type).where('entity_id', '=', filter.entity.id);
  if (filter.from !== undefined) q = q.where('occurred_at', '>=', toDbTime(filter.from));
  if (filter.before !== undefined) q = q.where('occurred_at', '<', toDbTime(filter.before));
  return q;
}
