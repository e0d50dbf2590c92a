import type { AuditChainHead, SealedAuditEvent } from '../audit-seal.ts';

/** Reads the sealed audit trail for verification, without loading it all at once. */
export interface AuditChainReader {
  /**
   * The chain head: the last appended event's sequence number and hash (`{ seq: 0, hash: GENESIS_HASH }` or null: no
   * event yet).
   */
  head(): Promise<AuditChainHead | null>;

  /**
   * Every audit event, a page of at most `pageSize` at a time: rows without a seal first (by id),
   * then sealed rows in ascending sequence number. Rows written while it runs may or may not appear.
   */
  events(pageSize?: number): AsyncIterable<SealedAuditEvent>;
}
