import t from 'tap';
import { toDbTime } from '../../../src/adapters/db/connection/db-values.ts';
import { migrateToLatest, migrateUpTo } from '../../../src/adapters/db/migrator/migrations.ts';
import { KyselyAuditChainReader } from '../../../src/adapters/db/repositories/kysely-audit-chain-reader.ts';
import { KyselyAuditLog } from '../../../src/adapters/db/repositories/kysely-audit-log.ts';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import { anAuditEvent, hasher } from '../../builders/audit-chain.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// The audit-seal migration seals the rows written before it with a frozen copy of the hashing:
// they must verify with the live code, and new events must chain on after them.

const BEFORE_SEAL = '20261203072657_documents_register';

await forEachDialect(
  t,
  async (t, handle) => {
    const db = handle.db;
    await migrateUpTo(db, BEFORE_SEAL);
    const legacy = [
      {
        occurred_at: toDbTime(new Date('2026-11-30T10:00:00.000Z')),
        actor: 'anna',
        action: 'create',
        entity_type: 'training_form',
        entity_id: '1',
        details: '{"title":"Gowning — Müller"}',
      },
      {
        occurred_at: toDbTime(new Date('2026-11-30T10:05:00.250Z')),
        actor: 'ben',
        action: 'update',
        entity_type: 'training_form',
        entity_id: '1',
        details: '{"changes":{"title":{"to":"B","from":"A"},"durationMinutes":{"from":60,"to":90}}}',
      },
      {
        occurred_at: toDbTime(new Date('2026-11-30T11:00:00.000Z')),
        actor: 'admin',
        action: 'admin-add',
        entity_type: 'admin_user',
        entity_id: null,
        details: null,
      },
    ];
    await db
      .insertInto('audit_events')
      .values(legacy as never)
      .execute();
    await migrateToLatest(db);
    const chain = new KyselyAuditChainReader(db);
    t.same(
      await new AuditChainCheck({ chain, hasher }).verify(),
      { checked: 3, broken: null },
      'existing rows sealed, verifiable by the live code',
    );
    t.equal((await chain.head())?.seq, 3);
    await new KyselyAuditLog(db).record(anAuditEvent(1));
    t.same(
      await new AuditChainCheck({ chain, hasher }).verify(),
      { checked: 4, broken: null },
      'new events chain on after them',
    );
  },
  { migrate: false },
);
