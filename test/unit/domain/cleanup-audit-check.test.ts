import t from 'tap';
import { AuditChainCheck } from '../../../src/domain/audit-chain-check.ts';
import type { SealedAuditEvent } from '../../../src/domain/audit-seal.ts';
import { CleanupService } from '../../../src/domain/cleanup-service.ts';
import { anAuditEvent, hasher } from '../../builders/audit-chain.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';

// The cleanup's last step verifies the audit chain: counts always, a failure when it is broken.

async function cleanupOver(state: { audit: SealedAuditEvent[] }) {
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
