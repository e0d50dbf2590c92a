import t from 'tap';
import { ago, bytes, runResult } from '../../../src/adapters/http/admin-format.ts';
import { backupSizeChart, runStrip } from '../../../src/adapters/http/job-charts.ts';
import type { JobRun } from '../../../src/domain/job-run.ts';

const run = (id: number, status: JobRun['status'], counts: JobRun['counts'] = null): JobRun => ({
  id,
  jobName: 'backup',
  trigger: 'schedule',
  status,
  instance: 'x',
  startedAt: new Date(Date.UTC(2026, 10, id, 3)),
  finishedAt: null,
  counts,
  error: null,
});

t.test('counts in words, no internal names', async (t) => {
  const backup = { databaseBytes: 1_048_576, uploadBytes: 1_572_864, bytesCopied: 1, filesCopied: 3, filesLinked: 45 };
  t.equal(
    runResult('backup', { ...backup, databaseMs: 400, filesMs: 2000, backupsRemoved: 1 }),
    '2.5 MB, 48 files, 2.4 s, 1 old backup removed',
  );
  t.equal(
    runResult('cleanup', {
      formsPurged: 1,
      orphanFilesRemoved: 2,
      tempFilesRemoved: 1,
      sessionsRemoved: 0,
      dryRun: 0,
      auditEventsVerified: 1234,
      auditChainBroken: 0,
    }),
    '1 form purged, 3 files removed, audit trail intact (1,234 events checked)',
  );
  t.equal(runResult('cleanup', { formsPurged: 0, dryRun: 1 }), 'Dry run: nothing to remove');
  t.equal(
    runResult('cleanup', { formsPurged: 0, trainingSummaryPairs: 9876, trainingSummaryDrift: 0 }),
    'nothing to remove, training summary matches (9,876 pairs)',
  );
  t.equal(
    runResult('cleanup', { formsPurged: 0, trainingSummaryPairs: 9876, trainingSummaryDrift: 2 }),
    'nothing to remove, training summary DRIFTED on 2 pairs',
  );
  t.equal(
    runResult('sync-employees', { listed: 1200, added: 3, updated: 0, deactivated: 1, unchanged: 1196, dryRun: 0 }),
    '1,200 people in the directory: 3 added, 1 deactivated',
  );
  t.equal(
    runResult('backup', { databaseBytes: 10, somethingNew: 7 }),
    '10 B, 0 files; something new 7',
    'an unknown count, in words',
  );
  t.equal(bytes(1536), '1.5 KB');
  const now = new Date('2026-11-24T08:00:00Z');
  t.equal(ago(new Date('2026-11-24T07:59:30Z'), now), 'just now');
  t.equal(ago(new Date('2026-11-24T01:00:00Z'), now), '7 h ago');
  t.equal(ago(new Date('2026-11-20T08:00:00Z'), now), '4 days ago');
  t.equal(ago(new Date('2026-11-25T03:00:00Z'), now), 'in 19 h');
});

t.test('the strip: oldest on the left, one mark per run, a summary that counts them', async (t) => {
  const strip = runStrip([run(4, 'succeeded'), run(3, 'failed'), run(2, 'interrupted'), run(1, 'succeeded')]);
  t.equal(strip.summary, '2 succeeded, 1 failed, 1 interrupted');
  t.same(
    strip.marks.map((m) => [m.tone, m.title]),
    [
      ['good', '2026-11-01 03:00 UTC: succeeded'],
      ['bad', '2026-11-02 03:00 UTC: interrupted: its process ended'],
      ['bad', '2026-11-03 03:00 UTC: failed'],
      ['good', '2026-11-04 03:00 UTC: succeeded'],
    ],
  );
  t.ok(
    strip.marks.every((m) => m.y + m.height === strip.height),
    'every mark stands on the baseline',
  );
  t.ok(strip.marks[1]!.height > strip.marks[0]!.height, 'a failure is taller than a success: not by colour alone');
  t.equal(runStrip([]).summary, 'no runs yet');
});

t.test('the size chart: a point per backup with a size, scaled to the largest', async (t) => {
  const chart = backupSizeChart([
    run(3, 'succeeded', { databaseBytes: 300, uploadBytes: 100 }),
    run(2, 'succeeded', null),
    run(1, 'succeeded', { databaseBytes: 100, uploadBytes: 100 }),
  ])!;
  t.same(
    chart.points.map((p) => [p.runId, p.bytes]),
    [
      [1, 200],
      [3, 400],
    ],
  );
  t.equal(chart.points[1]!.y, 20, 'the largest at the top');
  t.equal(chart.points[0]!.y, chart.baseline - (chart.baseline - 20) / 2, 'half of it halfway up');
  t.match(chart.path, /^M8 \d+(\.\d)? L472 20$/);
  t.equal(
    chart.summary,
    'Backup size over the last 2 successful backups: from 200 B (2026-11-01 03:00 UTC) to 400 B (2026-11-03 03:00 UTC), largest 400 B.',
  );
  t.equal(backupSizeChart([run(1, 'succeeded', null)]), null, 'nothing to draw without sizes');
});
