import type { AuditEvent } from '../../src/domain/audit-event.ts';
import type { SealedAuditEvent } from '../../src/domain/audit-seal.ts';
import type { AuditFilter, AuditPosition, AuditTrail } from '../../src/domain/ports/audit-trail.ts';

/** {@link AuditTrail} over the events of an in-memory state (the fake unit of work's, or an in-memory audit log's). */
export class InMemoryAuditTrail implements AuditTrail {
  constructor(private readonly s: { audit: SealedAuditEvent[] }) {}

  async page(
    filter: AuditFilter,
    options: { readonly limit: number; readonly olderThan?: AuditPosition; readonly newerThan?: AuditPosition },
  ): Promise<AuditEvent[]> {
    const newestFirst = this.matching(filter).sort((a, b) => -compare(a, b));
    const { olderThan: older, newerThan: newer } = options;
    const limit = Math.max(1, Math.trunc(options.limit));
    if (newer) return newestFirst.filter((e) => compare(e, newer) > 0).slice(-limit);
    return newestFirst.filter((e) => !older || compare(e, older) < 0).slice(0, limit);
  }

  async count(filter: AuditFilter, cap: number): Promise<number> {
    return Math.min(this.matching(filter).length, Math.max(0, cap));
  }

  async event(id: number): Promise<AuditEvent | null> {
    const found = this.s.audit.find((e) => e.id === id);
    return found ? plain(found) : null;
  }

  async actions(): Promise<string[]> {
    return [...new Set(this.s.audit.map((e) => e.action))].sort();
  }

  async actors(limit: number): Promise<string[]> {
    return [...new Set(this.s.audit.map((e) => e.actor))].sort().slice(0, Math.max(1, limit));
  }

  private matching(f: AuditFilter): AuditEvent[] {
    return this.s.audit
      .filter(
        (e) =>
          (f.actor === undefined || e.actor === f.actor) &&
          (f.action === undefined || e.action === f.action) &&
          (f.entity === undefined || (e.entityType === f.entity.type && e.entityId === f.entity.id)) &&
          (f.from === undefined || e.occurredAt >= f.from) &&
          (f.before === undefined || e.occurredAt < f.before),
      )
      .map(plain);
  }
}

/** The trail's order: by time, then by id. */
function compare(a: AuditPosition, b: AuditPosition): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id;
}

function plain({ seal: _seal, ...e }: SealedAuditEvent): AuditEvent {
  return e;
}
