import t from 'tap';
import {
  CLEANUP_ACTOR,
  CleanupService,
  type CleanupDeps,
  type CleanupPolicy,
} from '../../../src/domain/cleanup-service.ts';
import { TrainingFormNotDeletedError } from '../../../src/domain/errors.ts';
import type { MaintenanceQueries } from '../../../src/domain/ports/maintenance-queries.ts';
import type { UploadFolder, UploadFolderEntry } from '../../../src/domain/ports/upload-folder.ts';
import { purgeDueAt } from '../../../src/domain/trash-retention.ts';

const NOW = new Date('2026-11-24T03:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const POLICY: CleanupPolicy = {
  softDeleteRetentionDays: 30,
  orphanGraceHours: 24,
  backupKeepDays: 14,
  requestTimeoutMs: 60_000,
};

/** The database and folders the cleanup looks at, in memory. */
function world(purge?: CleanupDeps['forms']['purge']) {
  const state = {
    deleted: new Map<number, Date>([
      [1, ago(40 * DAY)],
      [2, ago(10 * DAY)],
      [3, ago(31 * DAY)],
    ]),
    referenced: new Set(['a.bin']),
    stored: new Map<string, Date>([
      ['a.bin', ago(3 * DAY)],
      ['orphan-old.bin', ago(2 * DAY)],
      ['orphan-new.bin', ago(HOUR)],
    ]),
    temporary: new Map<string, Date>([
      ['.tmp-old', ago(2 * HOUR)],
      ['.tmp-new', ago(60_000)],
    ]),
    sessionsExpired: 2,
    failures: [ago(HOUR), ago(60_000)],
    backups: ['2026-11-01', '2026-11-02'],
    purged: [] as { id: number; actor: string }[],
  };
  const queries: MaintenanceQueries = {
    formsDeletedBefore: async (cutoff) =>
      [...state.deleted]
        .filter(([, at]) => at < cutoff)
        .sort((a, b) => +a[1] - +b[1])
        .map(([id]) => id),
    referencedStoredNames: async () => new Set(state.referenced),
    expiredSessions: async (_now, remove) => {
      const n = state.sessionsExpired;
      if (remove) state.sessionsExpired = 0;
      return n;
    },
    signInFailuresUpTo: async (upTo, remove) => {
      const old = state.failures.filter((f) => f <= upTo);
      if (remove) state.failures = state.failures.filter((f) => f > upTo);
      return old.length;
    },
  };
  const entries = (m: Map<string, Date>): UploadFolderEntry[] =>
    [...m].map(([name, modifiedAt]) => ({ name, modifiedAt, sizeBytes: 10 }));
  const uploads: UploadFolder = {
    listStored: async () =>
      entries(state.stored).map((e) => ({ storedName: e.name, modifiedAt: e.modifiedAt, sizeBytes: e.sizeBytes })),
    remove: async (name) => void state.stored.delete(name),
    listTemporary: async () => entries(state.temporary),
    removeTemporary: async (name) => void state.temporary.delete(name),
  };
  const service = new CleanupService({
    queries,
    uploads,
    clock: { now: () => NOW },
    policy: POLICY,
    backups: {
      prune: async ({ dryRun }) => {
        const gone = [...state.backups];
        if (!dryRun) state.backups = [];
        return gone;
      },
    },
    forms: {
      purge:
        purge ??
        (async (id, actor) => {
          if (id === 3) throw new TrainingFormNotDeletedError(id); // restored since the query
          state.purged.push({ id, actor });
          state.deleted.delete(id);
          return { removedFiles: 1, failedFiles: [] };
        }),
    },
  });
  return { state, service };
}

const run = (service: CleanupService, dryRun: boolean, warnings: string[] = []) =>
  service.run({ signal: new AbortController().signal, dryRun, warn: (_d, m) => warnings.push(m) });

t.test('a dry run counts what it would remove and changes nothing', async (t) => {
  const { state, service } = world();
  const report = await run(service, true);
  t.same(report.counts, {
    formsPurged: 2,
    attachmentFilesRemoved: 0,
    orphanFilesRemoved: 1,
    tempFilesRemoved: 1,
    sessionsRemoved: 2,
    signInFailuresRemoved: 1,
    backupsRemoved: 2,
    dryRun: 1,
  });
  t.ok(
    report.items.every((i) => i.startsWith('would remove')),
    report.items.join('\n'),
  );
  t.same(state.purged, []);
  t.equal(state.stored.size, 3);
  t.equal(state.temporary.size, 2);
  t.equal(state.sessionsExpired, 2);
  t.equal(state.backups.length, 2);
});

t.test(
  'a real run purges old trash as the cleanup actor, skips a form restored meanwhile, and removes only what is past its grace',
  async (t) => {
    const { state, service } = world();
    const report = await run(service, false);
    t.same(state.purged, [{ id: 1, actor: CLEANUP_ACTOR }], 'form 2 is too recent; form 3 was restored');
    t.same(report.counts, {
      formsPurged: 1,
      attachmentFilesRemoved: 1,
      orphanFilesRemoved: 1,
      tempFilesRemoved: 1,
      sessionsRemoved: 2,
      signInFailuresRemoved: 1,
      backupsRemoved: 2,
      dryRun: 0,
    });
    t.same([...state.stored.keys()].sort(), ['a.bin', 'orphan-new.bin'], 'referenced and young files stay');
    t.same([...state.temporary.keys()], ['.tmp-new'], 'an upload still being written stays');
    t.equal(state.failures.length, 1, 'failures inside the throttle window stay');
    t.same(state.backups, []);
    t.ok(report.items.includes('removed form 1 with 1 file(s)'));
  },
);

t.test('a file a purge could not remove is reported as a warning, not a failure', async (t) => {
  const { service } = world(async () => ({
    removedFiles: 0,
    failedFiles: [{ storedName: 'x.bin', error: new Error('EACCES') }],
  }));
  const warnings: string[] = [];
  const report = await run(service, false, warnings);
  t.equal(report.counts.formsPurged, 2);
  t.equal(warnings.length, 2);
});

t.test('a cancelled run stops at the next item', async (t) => {
  const { state, service } = world();
  const controller = new AbortController();
  controller.abort();
  await t.rejects(service.run({ signal: controller.signal, dryRun: false, warn: () => undefined }));
  t.same(state.purged, []);
});

t.test('the trash tells the truth: a form is purged by the first run after its purge date, not before', async (t) => {
  const { state, service } = world();
  state.deleted = new Map([
    [4, ago(30 * DAY)],
    [5, ago(30 * DAY + 1)],
  ]);
  t.equal(+purgeDueAt(state.deleted.get(4)!, POLICY.softDeleteRetentionDays), +NOW, 'form 4 is due exactly now');
  t.ok(purgeDueAt(state.deleted.get(5)!, POLICY.softDeleteRetentionDays) < NOW, 'form 5 is past due');
  await run(service, false);
  t.same(
    state.purged.map((p) => p.id),
    [5],
  );
});
