import type { AuditEvent, NewAuditEvent } from '../../src/domain/audit-event.ts';
import { sealAuditEvent, type AuditChainHead, type SealedAuditEvent } from '../../src/domain/audit-seal.ts';
import type { AuditChainReader } from '../../src/domain/ports/audit-chain-reader.ts';
import type { AuditLog } from '../../src/domain/ports/audit-log.ts';
import { Sha256ContentHasher } from '../../src/adapters/db/repositories/sha256-content-hasher.ts';

/**
 * {@link AuditLog} and {@link AuditChainReader} over an array (the state of a fake unit of work):
 * events sealed like the database adapter seals them, the last event's seal as the head.
 */
export class InMemoryAuditLog implements AuditLog, AuditChainReader {
  constructor(
    private readonly s: { audit: SealedAuditEvent[] },
    private readonly nextId: () => number = () => s.audit.length + 1,
  ) {}

  async record(e: NewAuditEvent): Promise<void> {
    // As the database stores it: details through JSON, time to the millisecond.
    const details = e.details === null ? null : (JSON.parse(JSON.stringify(e.details)) as Record<string, unknown>);
    const stored = { ...e, occurredAt: new Date(e.occurredAt.getTime()), details };
    const seal = sealAuditEvent(stored, await this.head(), new Sha256ContentHasher());
    this.s.audit.push({ ...stored, id: this.nextId(), seal });
  }

  async listFor(type: string, id: string): Promise<AuditEvent[]> {
    return this.s.audit
      .filter((e) => e.entityType === type && e.entityId === id)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id - b.id)
      .map(({ seal: _seal, ...e }) => e);
  }

  async head(): Promise<AuditChainHead | null> {
    const last = this.s.audit.findLast((e) => e.seal !== null)?.seal;
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  async *events(pageSize = 1000): AsyncIterable<SealedAuditEvent> {
    const unsealed = this.s.audit.filter((e) => e.seal === null).sort((a, b) => a.id - b.id);
    const sealed = this.s.audit.filter((e) => e.seal !== null).sort((a, b) => (a.seal?.seq ?? 0) - (b.seal?.seq ?? 0));
    const all = [...unsealed, ...sealed];
    for (let i = 0; i < all.length; i += pageSize) yield* all.slice(i, i + pageSize);
  }
}
