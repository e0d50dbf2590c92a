import t from 'tap';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import type { SealedAuditEvent } from '../../../src/domain/audit-seal.ts';
import { CleanupService } from '../../../src/domain/cleanup-service.ts';
import { anAuditEvent, hasher } from '../../builders/audit-chain.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';
import type { TrainingSummaryCheck } from '../../../src/domain/ports/training-summary.ts';

// The cleanup's last step verifies the audit chain: counts always, a failure when it is broken.

async function cleanupOver(state: { audit: SealedAuditEvent[] }, summary?: TrainingSummaryCheck) {
  return new CleanupService({
    queries: {
      formsDeletedBefore: async () => [],
      referencedStoredNames: async () => new Set(),
      expiredSessions: async () => 0,
      signInFailuresUpTo: async () => 0,
    },
    forms: { purge: async () => ({ removedFiles: 0, failedFiles: [] }) },
    uploads: {
      listStored: async () => [],
      remove: async () => {},
      listTemporary: async () => [],
      removeTemporary: async () => {},
    },
    backups: { prune: async () => [] },
    clock: { now: () => new Date('2026-12-03T03:00:00.000Z') },
    policy: { softDeleteRetentionDays: 30, orphanGraceHours: 24, backupKeepDays: 14, requestTimeoutMs: 60_000 },
    auditChain: new AuditChainCheck({ chain: new InMemoryAuditLog(state), hasher }),
    ...(summary && { trainingSummary: { check: async () => summary } }),
  }).run({ signal: new AbortController().signal, dryRun: false, warn: () => {} });
}

t.test('an intact chain: counted, no failure', async (t) => {
  const state = { audit: [] as SealedAuditEvent[] };
  for (let i = 1; i <= 3; i++) await new InMemoryAuditLog(state).record(anAuditEvent(i));
  const report = await cleanupOver(state);
  t.match(report.counts, { auditEventsVerified: 3, auditChainBroken: 0 });
  t.equal(report.failure, undefined);
  t.equal(report.items.at(-1), 'audit chain intact (3 event(s) verified)');
});

t.test('a broken chain: counted, and the report carries the first broken link as its failure', async (t) => {
  const state = { audit: [] as SealedAuditEvent[] };
  for (let i = 1; i <= 3; i++) await new InMemoryAuditLog(state).record(anAuditEvent(i));
  state.audit[1] = { ...state.audit[1]!, actor: 'mallory' };
  const report = await cleanupOver(state);
  t.match(report.counts, { auditEventsVerified: 2, auditChainBroken: 1 });
  t.equal(
    report.failure,
    `audit chain broken at sequence 2, row id 2: the content does not match its hash (edited row)`,
  );
});

t.test("the training matrix's summary is checked after the chain: counted, drift fails the run", async (t) => {
  const state = { audit: [] as SealedAuditEvent[] };
  await new InMemoryAuditLog(state).record(anAuditEvent(1));
  const matching = await cleanupOver(state, { pairs: 12, differences: [] });
  t.match(matching.counts, { trainingSummaryPairs: 12, trainingSummaryDrift: 0 });
  t.equal(matching.failure, undefined);
  t.equal(matching.items.at(-1), 'training summary matches the forms (12 pair(s))');
  const row = { employeeId: 3, documentId: 5, newestRevisionId: 8, newestEffectiveDate: '2026-01-01' };
  const drifted = await cleanupOver(state, {
    pairs: 12,
    differences: [{ employeeId: 3, documentId: 5, expected: { ...row, lastTrainingDate: '2026-02-01' }, actual: null }],
  });
  t.match(drifted.counts, { auditChainBroken: 0, trainingSummaryPairs: 12, trainingSummaryDrift: 1 });
  t.equal(
    drifted.failure,
    'training summary differs from the forms on 1 (employee, document) pair(s): ' +
      'run npm run documents -- rebuild-training-summary',
  );
});
