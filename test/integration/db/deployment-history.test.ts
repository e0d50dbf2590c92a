import t from 'tap';
import { KyselyDeploymentHistory } from '../../../src/adapters/db/repositories/kysely-deployment-history.ts';
import { CONTRACT_DATABASES, forEachDatabase } from '../../helpers/targets.ts';

t.test('deployment history, on every database target', (t) =>
  forEachDatabase(t, CONTRACT_DATABASES, async (t, handle) => {
    const history = new KyselyDeploymentHistory(handle.db);
    const base = {
      environment: 'production',
      releaseName: '20261124T0900-abc',
      emergencyReason: null,
      rolledBack: false,
      steps: [{ step: 'preflight', ok: true, detail: 'ok', ms: 12 }],
    };
    await history.record({
      ...base,
      commitSha: 'a'.repeat(40),
      startedAt: new Date('2026-11-24T09:00:00.125Z'),
      finishedAt: new Date('2026-11-24T09:01:00Z'),
      outcome: 'succeeded',
    });
    await history.record({
      ...base,
      commitSha: 'b'.repeat(40),
      startedAt: new Date('2026-11-24T10:00:00Z'),
      finishedAt: new Date('2026-11-24T10:02:00Z'),
      outcome: 'rolled-back',
      rolledBack: true,
      emergencyReason: 'hotfix for the login outage',
      steps: [{ step: 'migrate (upgrade head)', ok: false, detail: 'Ünïcødé failure', ms: 40 }],
    });
    const [latest, first] = await history.recent(10);
    t.equal(latest?.commitSha, 'b'.repeat(40), 'newest first');
    t.equal(latest?.rolledBack, true);
    t.equal(latest?.emergencyReason, 'hotfix for the login outage');
    t.same(latest?.steps, [{ step: 'migrate (upgrade head)', ok: false, detail: 'Ünïcødé failure', ms: 40 }]);
    t.equal(first?.startedAt.toISOString(), '2026-11-24T09:00:00.125Z');
    t.equal(first?.rolledBack, false);
    t.equal((await history.recent(1)).length, 1);
  }),
);
