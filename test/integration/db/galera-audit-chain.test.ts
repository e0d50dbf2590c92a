import t from 'tap';
import { connectDatabase } from '../../../src/adapters/db/connection/connect.ts';
import { migrateToLatest } from '../../../src/adapters/db/migrator/migrations.ts';
import { KyselyAuditChainReader } from '../../../src/adapters/db/repositories/kysely-audit-chain-reader.ts';
import { KyselyUnitOfWork } from '../../../src/adapters/db/repositories/kysely-unit-of-work.ts';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import { anAuditEvent, hasher } from '../../builders/audit-chain.ts';
import { galeraUnavailableReason, startGalera, type GaleraNode } from '../../helpers/galera.ts';
import { requireOrSkip } from '../../helpers/requirements.ts';

// Two writers appending audit events through two Galera nodes at once: the chain-head row makes
// the loser of each conflict fail certification, the unit of work runs it again, and the chain
// that results has every acknowledged event exactly once, in one unbroken sequence.

t.test(
  'on a 3-node Galera cluster, two nodes appending at once leave one chain that verifies, with every acknowledged event',
  async (t) => {
    if (!requireOrSkip(t, 'a Galera cluster (mariadbd, galera-4, rsync)', galeraUnavailableReason())) return;
    const g = await startGalera(t);
    const [n1, n2] = g.nodes;
    await g.createDatabase('tf_audit');
    const open = (node: GaleraNode) =>
      connectDatabase({
        dialect: 'mariadb',
        host: node.host,
        port: node.port,
        database: 'tf_audit',
        user: node.user,
        password: node.password,
        connectionLimit: 2,
        connectTimeoutMs: 5000,
      });
    const [h1, h2] = [open(n1), open(n2)];
    t.teardown(async () => {
      await h1.close();
      await h2.close();
    });
    await migrateToLatest(h1.db);
    // Each writer appends as fast as it can: the worst case. An append refused TRANSACTION_ATTEMPTS
    // times in a row (the other node kept winning) fails like any save would; it must leave nothing.
    const acknowledged = { 'node-1': 0, 'node-2': 0 };
    const refused: unknown[] = [];
    const writer = async (h: typeof h1, name: 'node-1' | 'node-2') => {
      const uow = new KyselyUnitOfWork(h.db);
      for (let i = 0; i < 50; i++) {
        try {
          await uow.run((tx) => tx.audit.record(anAuditEvent(i, { actor: name })));
          acknowledged[name] += 1;
        } catch (error) {
          refused.push(error);
        }
      }
    };
    await Promise.all([writer(h1, 'node-1'), writer(h2, 'node-2')]);
    t.comment(`acknowledged ${JSON.stringify(acknowledged)}, refused after every retry: ${refused.length}`);
    t.same(
      refused.filter((e) => (e as { errno?: number }).errno !== 1213),
      [],
      'only lost certification refuses an append',
    );
    t.ok(acknowledged['node-1'] > 0 && acknowledged['node-2'] > 0, 'both nodes got events in');
    const report = await new AuditChainCheck({
      chain: new KyselyAuditChainReader(h2.db),
      hasher,
      pageSize: 30,
    }).verify();
    t.same(
      report,
      { checked: acknowledged['node-1'] + acknowledged['node-2'], broken: null },
      'one unbroken chain of every acknowledged event',
    );
    const actors = await h1.db.selectFrom('audit_events').select('actor').execute();
    t.same(
      [actors.filter((a) => a.actor === 'node-1').length, actors.filter((a) => a.actor === 'node-2').length],
      [acknowledged['node-1'], acknowledged['node-2']],
      'every acknowledged event once, nothing of a refused one',
    );
  },
);
