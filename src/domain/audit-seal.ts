import type { AuditEvent, NewAuditEvent } from './audit-event.ts';
import type { ContentHasher } from './ports/content-hasher.ts';

/** The `prev_hash` of the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where an event sits in the sealed chain. Null on a row written without a seal (a forgery, or a bug). */
export interface AuditSeal {
  /** 1, 2, 3, … with no gap: a missing number is a deleted row. */
  readonly seq: number;
  /** The `hash` of the event with `seq - 1` ({@link GENESIS_HASH} for the first). */
  readonly prevHash: string;
  /** SHA-256 of {@link auditContent} of this event. */
  readonly hash: string;
}

/** The last event of the chain, as recorded in the chain head. */
export interface AuditChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** An audit event as stored, with its seal (null when the row carries none). */
export interface SealedAuditEvent extends AuditEvent {
  readonly seal: AuditSeal | null;
}

/**
 * JSON with object keys sorted at every level, so that equal values always serialise the same
 * way whatever order their keys were written in. Follows `JSON.stringify` otherwise (`toJSON` is
 * used, `undefined` members are left out), so a value and its JSON round trip serialise alike.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  const v =
    value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function'
      ? (value.toJSON() as unknown)
      : value;
  if (Array.isArray(v)) return v.map((item) => (item === undefined ? null : sortKeys(item)));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) {
    const member = (v as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortKeys(member);
  }
  return out;
}

/**
 * The text an event's hash covers: a version tag, the sequence number, the time (ISO, UTC, ms),
 * actor, action, entity type and id, the details and the previous hash. The row id is left out
 * (ids differ between Galera nodes and are not consecutive).
 */
export function auditContent(event: NewAuditEvent, seq: number, prevHash: string): string {
  return canonicalJson([
    'audit-v1',
    seq,
    event.occurredAt.toISOString(),
    event.actor,
    event.action,
    event.entityType,
    event.entityId,
    event.details,
    prevHash,
  ]);
}

/** The seal of `event` appended after `previous` (null: the chain is empty). */
export function sealAuditEvent(
  event: NewAuditEvent,
  previous: AuditChainHead | null,
  hasher: ContentHasher,
): AuditSeal {
  const seq = (previous?.seq ?? 0) + 1;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { seq, prevHash, hash: hasher.sha256Hex(auditContent(event, seq, prevHash)) };
}
