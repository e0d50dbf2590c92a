import type { Kysely } from 'kysely';
import type { AuditChainHead, SealedAuditEvent } from '../../../domain/audit-seal.ts';
import type { AuditChainReader } from '../../../domain/ports/audit-chain-reader.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { AUDIT_CHAIN, sealedAuditEventFromRow } from './kysely-audit-log.ts';

/** {@link AuditChainReader} over `audit_events` and `audit_chain_head`, paging by keyset (id, then seq). */
export class KyselyAuditChainReader implements AuditChainReader {
  constructor(private readonly db: Kysely<Database>) {}

  async head(): Promise<AuditChainHead | null> {
    const row = await this.db
      .selectFrom('audit_chain_head')
      .select(['last_seq', 'last_hash'])
      .where('name', '=', AUDIT_CHAIN)
      .executeTakeFirst();
    return row ? { seq: Number(row.last_seq), hash: row.last_hash } : null;
  }

  async *events(pageSize = 1000): AsyncIterable<SealedAuditEvent> {
    for (let afterId = 0; ;) {
      const rows = await this.db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', 'is', null)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(pageSize)
        .execute();
      for (const r of rows) yield sealedAuditEventFromRow(r);
      if (rows.length < pageSize) break;
      afterId = rows[rows.length - 1]?.id ?? afterId;
    }
    for (let afterSeq = 0; ;) {
      const rows = await this.db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const r of rows) yield sealedAuditEventFromRow(r);
      if (rows.length < pageSize) break;
      afterSeq = Number(rows[rows.length - 1]?.seq ?? afterSeq);
    }
  }
}
