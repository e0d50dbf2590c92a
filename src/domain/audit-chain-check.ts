import type { AuditChainHead, SealedAuditEvent } from './audit-seal.ts';
import type { AuditChainReader } from './ports/audit-chain-reader.ts';
import type { ContentHasher } from './ports/content-hasher.ts';
import { verifyAuditChain, type AuditChainBreak, type AuditChainReport } from './verify-audit-chain.ts';

/**
 * Verifies the whole sealed audit trail ({@link verifyAuditChain}) page by page, on a live
 * database: the head is read first and the walk stops there, so events appended while the check
 * runs are not mistaken for a break; a row past the head that a fresh read of the head does not
 * cover either was written around the application and is reported.
 */
export class AuditChainCheck {
  constructor(
    private readonly deps: {
      readonly chain: AuditChainReader;
      readonly hasher: ContentHasher;
      readonly pageSize?: number;
    },
  ) {}

  /**
   * The report; rejects only when the trail cannot be read (the database's error). With `anchor`
   * (a head recorded outside the database earlier), the event at its sequence must still carry its
   * hash: otherwise the chain was rewritten from that point on (`anchor-mismatch`).
   */
  async verify(anchor?: AuditChainHead): Promise<AuditChainReport> {
    const { chain, hasher, pageSize } = this.deps;
    const head = await chain.head();
    const last = head?.seq ?? 0;
    let beyond: SealedAuditEvent | null = null;
    async function* upToHead(): AsyncIterable<SealedAuditEvent> {
      for await (const e of chain.events(pageSize)) {
        if (e.seal && e.seal.seq > last) {
          beyond = e;
          return;
        }
        if (anchor && e.seal?.seq === anchor.seq) anchored = e;
        yield e;
      }
    }
    let anchored: SealedAuditEvent | null = null;
    const report = await verifyAuditChain(upToHead(), head, hasher);
    const past = beyond as SealedAuditEvent | null;
    const atAnchor = anchored as SealedAuditEvent | null;
    if (!report.broken && anchor && atAnchor?.seal?.hash !== anchor.hash) {
      const message = atAnchor
        ? `the event at the recorded sequence ${anchor.seq} no longer has the recorded hash (the chain was rewritten from there or before)`
        : `the recorded sequence ${anchor.seq} is not in the chain (the chain was cut or rewritten)`;
      return {
        checked: report.checked,
        broken: { kind: 'anchor-mismatch', seq: anchor.seq, id: atAnchor?.id ?? null, message },
      };
    }
    if (report.broken || !past?.seal) return report;
    if (((await chain.head())?.seq ?? 0) >= past.seal.seq) return report;
    const message = `the row lies past the chain head (sequence ${last}): appended around the application`;
    return { checked: report.checked + 1, broken: { kind: 'head-mismatch', seq: past.seal.seq, id: past.id, message } };
  }
}

/** The first broken link as one line for people: where (sequence, row id) and what is wrong. */
export function describeAuditBreak(b: AuditChainBreak): string {
  const where = [b.seq === null ? null : `sequence ${b.seq}`, b.id === null ? null : `row id ${b.id}`]
    .filter((w) => w !== null)
    .join(', ');
  return `audit chain broken${where ? ` at ${where}` : ''}: ${b.message}`;
}
