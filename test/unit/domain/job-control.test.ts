import t from 'tap';
import { ValidationError } from '../../../src/domain/errors.ts';
import { JobControlService } from '../../../src/domain/job-control-service.ts';
import type { JobName } from '../../../src/domain/job-run.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';
import { ManualClock } from '../../helpers/clock.ts';

t.test('Run now audits who started which job, then starts it; an unknown job is refused untouched', async (t) => {
  const state = { audit: [] };
  const started: JobName[] = [];
  const service = new JobControlService({
    audit: new InMemoryAuditLog(state),
    clock: new ManualClock(),
    launcher: {
      runNow: async (name) => {
        started.push(name);
        return { state: 'finished', status: 'skipped', runId: 7, error: 'held' };
      },
    },
  });
  t.same(await service.runNow('backup', 'boss'), { state: 'finished', status: 'skipped', runId: 7, error: 'held' });
  t.same(started, ['backup']);
  t.match(state.audit, [
    {
      actor: 'boss',
      action: 'run-job',
      entityType: 'job',
      entityId: 'backup',
      occurredAt: new Date('2026-11-24T08:00:00Z'),
    },
  ]);
  await t.rejects(service.runNow('format-disk', 'boss'), ValidationError);
  t.same(started, ['backup'], 'nothing started');
  t.equal(state.audit.length, 1, 'nothing audited');
});
