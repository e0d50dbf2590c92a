import { auditContent, GENESIS_HASH, type AuditChainHead, type SealedAuditEvent } from './audit-seal.ts';
import type { ContentHasher } from './ports/content-hasher.ts';

/** The head of a chain with no event yet. */
const EMPTY: AuditChainHead = { seq: 0, hash: GENESIS_HASH };

/** What is wrong at the first broken link. */
export type AuditBreakKind =
  'unsealed' | 'gap' | 'duplicate' | 'edited' | 'unlinked' | 'head-mismatch' | 'anchor-mismatch';

/** The first broken link of the chain. */
export interface AuditChainBreak {
  readonly kind: AuditBreakKind;
  /** The sequence number where the break is seen (null for a row without a seal). */
  readonly seq: number | null;
  /** The row id where the break is seen (null when no row is involved: a head mismatch past the last row). */
  readonly id: number | null;
  /** For people: what is wrong and what it usually means. */
  readonly message: string;
}

/** The outcome of {@link verifyAuditChain}. */
export interface AuditChainReport {
  /** How many events were read before the verification ended. */
  readonly checked: number;
  /** The first broken link; null when the chain is intact. */
  readonly broken: AuditChainBreak | null;
}

/**
 * Walks the chain in sequence order and reports the first broken link: a row without a seal
 * (inserted bypassing the application), a missing sequence number (a deleted row), a repeated one,
 * content that does not match its hash (an edited row), a hash that does not chain onto the
 * previous event (an inserted or reordered row), or a head that does not name the last event
 * (rows deleted from, or appended to, the end). Stops at the first break.
 */
export async function verifyAuditChain(
  events: AsyncIterable<SealedAuditEvent> | Iterable<SealedAuditEvent>,
  head: AuditChainHead | null,
  hasher: ContentHasher,
): Promise<AuditChainReport> {
  let checked = 0;
  let last: AuditChainHead | null = null;
  const brk = (kind: AuditBreakKind, e: SealedAuditEvent | null, message: string): AuditChainReport => ({
    checked,
    broken: { kind, seq: e?.seal?.seq ?? null, id: e?.id ?? null, message },
  });
  for await (const e of events) {
    checked += 1;
    const expectedSeq = (last?.seq ?? 0) + 1;
    if (!e.seal)
      return brk('unsealed', e, 'the row carries no seal (written around the application, or its seal was erased)');
    if (e.seal.seq > expectedSeq)
      return brk(
        'gap',
        e,
        `sequence ${expectedSeq}${e.seal.seq - 1 > expectedSeq ? `..${e.seal.seq - 1}` : ''} is missing (deleted row)`,
      );
    if (e.seal.seq < expectedSeq) return brk('duplicate', e, `sequence ${e.seal.seq} appears twice (inserted row)`);
    if (hasher.sha256Hex(auditContent(e, e.seal.seq, e.seal.prevHash)) !== e.seal.hash)
      return brk('edited', e, 'the content does not match its hash (edited row)');
    if (e.seal.prevHash !== (last?.hash ?? GENESIS_HASH))
      return brk('unlinked', e, 'the row does not chain onto the previous event (inserted or replaced row)');
    last = { seq: e.seal.seq, hash: e.seal.hash };
  }
  const end = last ?? EMPTY;
  const named = head ?? EMPTY;
  if (end.seq !== named.seq || end.hash !== named.hash) {
    const found = last ? `the last event is sequence ${last.seq}` : 'there is no event';
    const message = `the chain head names sequence ${named.seq} but ${found} (rows deleted from or appended to the end, or the head was changed)`;
    return { checked, broken: { kind: 'head-mismatch', seq: named.seq, id: null, message } };
  }
  return { checked, broken: null };
}
