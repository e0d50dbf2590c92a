import t from 'tap';
import type { Test } from 'tap';
import { KyselyAuditChainReader } from '../../../src/adapters/db/repositories/kysely-audit-chain-reader.ts';
import { KyselyAuditLog } from '../../../src/adapters/db/repositories/kysely-audit-log.ts';
import { KyselyUnitOfWork } from '../../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import { GENESIS_HASH, type SealedAuditEvent } from '../../../src/domain/audit-seal.ts';
import type { NewAuditEvent } from '../../../src/domain/audit-event.ts';
import type { AuditChainReader } from '../../../src/domain/ports/audit-chain-reader.ts';
import type { AuditLog } from '../../../src/domain/ports/audit-log.ts';
import { anAuditEvent, hasher } from '../../builders/audit-chain.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';
import { InMemoryUnitOfWork } from '../../fakes/in-memory-repositories.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// One contract for every sealed AuditLog: the in-memory fake and the database adapter on each dialect.

interface Subject {
  readonly log: AuditLog;
  readonly chain: AuditChainReader;
  /** Records `event` inside a unit of work that then fails (rolls back). */
  recordThenFail(event: NewAuditEvent): Promise<void>;
}

const collect = async (events: AsyncIterable<SealedAuditEvent>) => {
  const out: SealedAuditEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

async function contract(t: Test, s: Subject): Promise<void> {
  await t.test('an empty trail has no event and verifies', async (t) => {
    t.same(await collect(s.chain.events()), []);
    const head = await s.chain.head();
    t.ok(head === null || (head.seq === 0 && head.hash === GENESIS_HASH), 'no head, or the genesis head');
    t.same(await new AuditChainCheck({ chain: s.chain, hasher }).verify(), { checked: 0, broken: null });
  });

  await t.test(
    'appended events read back whole, sealed 1, 2, 3… in append order, each chained to the last',
    async (t) => {
      const details = {
        changes: {
          title: { from: 'Gowning <v1>', to: 'Gowning "v2" — Müller' },
          traineeIds: { from: [1, 2], to: [2] },
        },
        trainees: { added: [], removed: [{ id: 1, name: 'Anna' }] },
      };
      await s.log.record(anAuditEvent(5, { entityId: '7', details, occurredAt: new Date('2026-12-03T08:05:00.123Z') }));
      await s.log.record(anAuditEvent(1, { entityId: '7', action: 'create', details: null }));
      await s.log.record(anAuditEvent(2, { entityId: '8', entityType: 'document' }));
      const history = await s.log.listFor('training_form', '7');
      t.same(
        history.map((e) => [e.action, e.occurredAt.toISOString()]),
        [
          ['create', '2026-12-03T08:01:00.000Z'],
          ['update', '2026-12-03T08:05:00.123Z'],
        ],
        'oldest first by time',
      );
      t.same(history[1]?.details, details, 'details as written');
      const events = await collect(s.chain.events(2));
      t.same(
        events.map((e) => [e.seal?.seq, e.entityId]),
        [
          [1, '7'],
          [2, '7'],
          [3, '8'],
        ],
        'sequence in append order, across pages of 2',
      );
      t.equal(events[0]?.seal?.prevHash, GENESIS_HASH);
      t.equal(events[1]?.seal?.prevHash, events[0]?.seal?.hash);
      t.equal(events[2]?.seal?.prevHash, events[1]?.seal?.hash);
      t.same(await s.chain.head(), { seq: 3, hash: events[2]?.seal?.hash });
      t.same(await new AuditChainCheck({ chain: s.chain, hasher, pageSize: 2 }).verify(), { checked: 3, broken: null });
    },
  );

  await t.test('an event in a rolled-back unit of work takes no sequence number', async (t) => {
    await s.recordThenFail(anAuditEvent(9));
    await s.log.record(anAuditEvent(10));
    const events = await collect(s.chain.events());
    t.same(
      events.map((e) => [e.seal?.seq, e.entityId]),
      [
        [1, '7'],
        [2, '7'],
        [3, '8'],
        [4, '10'],
      ],
    );
    t.same(await new AuditChainCheck({ chain: s.chain, hasher }).verify(), { checked: 4, broken: null });
  });
}

const failing = async (run: () => Promise<unknown>) => {
  await run().catch((e: unknown) => {
    if (!(e instanceof Error && e.message === 'rolled back on purpose')) throw e;
  });
};

t.test('in-memory fake', async (t) => {
  const uow = new InMemoryUnitOfWork();
  await contract(t, {
    log: {
      record: (e) => new InMemoryAuditLog(uow.state).record(e),
      listFor: (a, b) => new InMemoryAuditLog(uow.state).listFor(a, b),
    },
    chain: {
      head: () => new InMemoryAuditLog(uow.state).head(),
      events: (n) => new InMemoryAuditLog(uow.state).events(n),
    },
    recordThenFail: (e) =>
      failing(() =>
        uow.run(async (tx) => {
          await tx.audit.record(e);
          throw new Error('rolled back on purpose');
        }),
      ),
  });
});

t.test('database adapters, on every dialect', (t) =>
  forEachDialect(t, async (t, handle, ctx) => {
    const uow = new KyselyUnitOfWork(handle.db);
    await contract(t, {
      log: new KyselyAuditLog(handle.db),
      chain: new KyselyAuditChainReader(handle.db),
      recordThenFail: (e) =>
        failing(() =>
          uow.run(async (tx) => {
            await tx.audit.record(e);
            throw new Error('rolled back on purpose');
          }),
        ),
    });

    // MariaDB only: SQLite serialises writers per file, and one process cannot hold two SQLite
    // writers without its synchronous driver blocking the event loop.
    if (ctx.settings.dialect !== 'mariadb') return;
    await t.test('two app handles appending 50 events each at once leave one chain that verifies', async (t) => {
      const writers = [ctx.open({ connectionLimit: 5 }), ctx.open({ connectionLimit: 5 })].map(
        (h) => new KyselyUnitOfWork(h.db),
      );
      await Promise.all(
        writers.flatMap((w, n) =>
          Array.from({ length: 50 }, (_, i) =>
            w.run((tx) => tx.audit.record(anAuditEvent(i, { actor: `writer-${n}` }))),
          ),
        ),
      );
      const report = await new AuditChainCheck({
        chain: new KyselyAuditChainReader(handle.db),
        hasher,
        pageSize: 17,
      }).verify();
      t.same(report, { checked: 104, broken: null });
    });
  }),
);
