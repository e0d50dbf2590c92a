import t from 'tap';
import type { Test } from 'tap';
import { KyselyAuditLog } from '../../../src/adapters/db/repositories/kysely-audit-log.ts';
import { KyselyAuditTrail } from '../../../src/adapters/db/repositories/kysely-audit-trail.ts';
import { KyselyJobRunRepository } from '../../../src/adapters/db/repositories/kysely-job-run-repository.ts';
import type { NewAuditEvent } from '../../../src/domain/audit-event.ts';
import { AuditTrailService } from '../../../src/domain/audit-trail-service.ts';
import type { AuditLog } from '../../../src/domain/ports/audit-log.ts';
import type { AuditTrail } from '../../../src/domain/ports/audit-trail.ts';
import type { JobRunRepository } from '../../../src/domain/ports/job-run-repository.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';
import { InMemoryAuditTrail } from '../../fakes/in-memory-audit-trail.ts';
import { InMemoryJobRuns } from '../../fakes/in-memory-job-runs.ts';
import { forEachDialect } from '../../helpers/targets.ts';

// One contract for the audit log's read side (`/admin/audit`) and the job runs' filtered listing:
// the in-memory fakes and the database adapters on each dialect.

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 10, day, 8, minute, 0, 123));
const ACTORS = ['alice', 'boss', 'chief'];
const ACTIONS = ['create', 'update', 'sign-in'];

/** 60 events over 20 days: three a day, actors and actions in turn; two share each day's time. */
function events(): NewAuditEvent[] {
  const out: NewAuditEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const day = 1 + Math.floor(i / 3);
    out.push({
      occurredAt: at(day, i % 3 === 2 ? 1 : 0),
      actor: ACTORS[i % 3]!,
      action: ACTIONS[Math.floor(i / 2) % 3]!,
      entityType: i % 4 === 0 ? 'user' : 'training_form',
      entityId: String(1 + (i % 5)),
      details: { n: i },
    });
  }
  return out;
}

async function auditContract(t: Test, log: AuditLog, trail: AuditTrail): Promise<void> {
  const written = events();
  for (const e of written) await log.record(e);
  const n = (e: { details: Readonly<Record<string, unknown>> | null }) => e.details?.n as number;
  // The trail's order: newest first by time, then by id (insertion order here).
  const order = written
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.occurredAt.getTime() - a.e.occurredAt.getTime() || b.i - a.i)
    .map((x) => x.i);

  await t.test('newest first, by time then id; a page at a time from a position', async (t) => {
    const first = await trail.page({}, { limit: 7 });
    t.same(first.map(n), order.slice(0, 7));
    t.same(first[0]?.details, { n: order[0] }, 'details read back');
    const last = first[6]!;
    const older = await trail.page({}, { limit: 7, olderThan: { occurredAt: last.occurredAt, id: last.id } });
    t.same(older.map(n), order.slice(7, 14), 'older: the next seven, ties on time broken by id');
    const back = await trail.page({}, { limit: 7, newerThan: { occurredAt: older[0]!.occurredAt, id: older[0]!.id } });
    t.same(back.map(n), order.slice(0, 7), 'newer: the seven above, still newest first');
    const found = await trail.event(last.id);
    t.same(found && n(found), n(last));
    t.equal(await trail.event(999_999), null);
  });

  await t.test('filters: actor, action, entity, time range (from inclusive, before exclusive)', async (t) => {
    const byActor = await trail.page({ actor: 'boss' }, { limit: 100 });
    t.same(
      byActor.map(n),
      order.filter((i) => written[i]!.actor === 'boss'),
    );
    const byAction = await trail.page({ action: 'sign-in', actor: 'chief' }, { limit: 100 });
    t.same(
      byAction.map(n),
      order.filter((i) => written[i]!.action === 'sign-in' && written[i]!.actor === 'chief'),
    );
    const byEntity = await trail.page({ entity: { type: 'training_form', id: '2' } }, { limit: 100 });
    t.same(
      byEntity.map(n),
      order.filter((i) => written[i]!.entityType === 'training_form' && written[i]!.entityId === '2'),
    );
    const range = { from: at(3), before: at(5) };
    const inRange = await trail.page(range, { limit: 100 });
    t.same(
      inRange.map(n),
      order.filter((i) => written[i]!.occurredAt >= range.from && written[i]!.occurredAt < range.before),
    );
    t.equal(inRange.length, 6, 'two whole days');
    t.same(await trail.page({ from: at(5), before: at(3) }, { limit: 10 }), [], 'a reversed range matches nothing');
    const older = byActor[4]!;
    t.same(
      (
        await trail.page({ actor: 'boss' }, { limit: 3, olderThan: { occurredAt: older.occurredAt, id: older.id } })
      ).map(n),
      byActor.slice(5, 8).map(n),
      'paging within a filter',
    );
  });

  await t.test('counts stop at the cap', async (t) => {
    t.equal(await trail.count({}, 100), 60);
    t.equal(await trail.count({}, 25), 25);
    t.equal(await trail.count({ actor: 'alice' }, 100), 20);
    t.equal(await trail.count({ actor: 'nobody' }, 100), 0);
  });

  await t.test('the actions and actors that occur, sorted (actors up to a limit)', async (t) => {
    t.same(await trail.actions(), [...ACTIONS].sort());
    t.same(await trail.actors(10), ACTORS);
    t.same(await trail.actors(2), ['alice', 'boss']);
  });

  await t.test('the service pages back and forth and counts', async (t) => {
    const service = new AuditTrailService({ trail }, 25);
    const p1 = await service.page({ filter: {} });
    t.same(p1.events.map(n), order.slice(0, 25));
    t.match(p1, { newerThan: null, total: 60, totalCapped: false });
    const p2 = await service.page({ filter: {}, olderThan: p1.olderThan! });
    t.same(p2.events.map(n), order.slice(25, 50));
    const p3 = await service.page({ filter: {}, olderThan: p2.olderThan! });
    t.same(p3.events.map(n), order.slice(50, 60));
    t.equal(p3.olderThan, null, 'the oldest page has no older one');
    const back = await service.page({ filter: {}, newerThan: p3.newerThan! });
    t.same(back.events.map(n), order.slice(25, 50), 'newer from the oldest page: the page before it');
    const top = await service.page({ filter: {}, newerThan: back.newerThan! });
    t.same(top.events.map(n), order.slice(0, 25));
    t.equal(top.newerThan, null, 'back at the newest page');
    const lost = await service.page({ filter: {}, olderThan: 999_999 });
    t.same(lost.events.map(n), order.slice(0, 25), 'an unknown position gives the newest page');
  });
}

async function jobRunsContract(t: Test, runs: JobRunRepository): Promise<void> {
  await t.test('recent runs of a job: all, without skips, or of one status', async (t) => {
    const statuses = ['succeeded', 'failed', 'skipped', 'succeeded', 'skipped', 'interrupted', 'succeeded'] as const;
    for (const [i, status] of statuses.entries()) {
      const id = await runs.start({ jobName: 'backup', trigger: 'schedule', instance: 'x', startedAt: at(1 + i) });
      await runs.finish(id, {
        status,
        finishedAt: at(1 + i, 5),
        counts: status === 'succeeded' ? { databaseBytes: i } : null,
        error: null,
      });
    }
    const other = await runs.start({ jobName: 'cleanup', trigger: 'manual', instance: 'x', startedAt: at(20) });
    await runs.finish(other, { status: 'succeeded', finishedAt: at(20, 1), counts: null, error: null });
    const list = async (...args: Parameters<JobRunRepository['recent']>) =>
      (await runs.recent(...args)).map((r) => r.status);
    t.same(await list(10, 'backup'), [...statuses].reverse());
    t.same(await list(10, 'backup', { withoutSkipped: true }), [
      'succeeded',
      'interrupted',
      'succeeded',
      'failed',
      'succeeded',
    ]);
    t.same(await list(2, 'backup', { withoutSkipped: true }), ['succeeded', 'interrupted']);
    const good = await runs.recent(10, 'backup', { status: 'succeeded' });
    t.same(
      good.map((r) => r.counts?.databaseBytes),
      [6, 3, 0],
      'the successful ones, newest first, with their counts',
    );
    t.same(await list(10, undefined, { status: 'succeeded' }), ['succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });
}

t.test('in-memory fakes', async (t) => {
  const state = { audit: [] };
  await t.test('audit trail', (t) => auditContract(t, new InMemoryAuditLog(state), new InMemoryAuditTrail(state)));
  await t.test('job runs', (t) => jobRunsContract(t, new InMemoryJobRuns()));
});

t.test('database adapters, on every dialect', (t) =>
  forEachDialect(t, async (t, handle) => {
    await t.test('audit trail', (t) =>
      auditContract(t, new KyselyAuditLog(handle.db), new KyselyAuditTrail(handle.db)),
    );
    await t.test('job runs', (t) => jobRunsContract(t, new KyselyJobRunRepository(handle.db)));
  }),
);
