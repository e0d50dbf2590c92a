import type { NewAuditEvent } from '../../src/domain/audit-event.ts';
import { sealAuditEvent, type SealedAuditEvent } from '../../src/domain/audit-seal.ts';
import { Sha256ContentHasher } from '../../src/adapters/db/repositories/sha256-content-hasher.ts';

export const hasher = new Sha256ContentHasher();

/** An audit event about form `n` (nth minute of a fixed day). */
export const anAuditEvent = (n: number, overrides: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  occurredAt: new Date(Date.UTC(2026, 11, 3, 8, n)),
  actor: 'anna',
  action: 'update',
  entityType: 'training_form',
  entityId: String(n),
  details: { changes: { title: { from: `t${n}`, to: `t${n + 1}` } } },
  ...overrides,
});

/** A correctly sealed chain of `count` events (ids 101, 102, …) and its head. */
export function aSealedChain(count: number): {
  events: SealedAuditEvent[];
  head: { seq: number; hash: string } | null;
} {
  const events: SealedAuditEvent[] = [];
  for (let i = 1; i <= count; i++) {
    const previous = events.at(-1)?.seal ?? null;
    const e = anAuditEvent(i);
    events.push({ ...e, id: 100 + i, seal: sealAuditEvent(e, previous, hasher) });
  }
  const last = events.at(-1)?.seal;
  return { events, head: last ? { seq: last.seq, hash: last.hash } : null };
}
