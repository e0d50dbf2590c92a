import t from 'tap';
import { AuditChainCheck, describeAuditBreak } from '../../../src/domain/audit-chain-check.ts';
import { GENESIS_HASH, sealAuditEvent, type SealedAuditEvent } from '../../../src/domain/audit-seal.ts';
import { verifyAuditChain } from '../../../src/domain/verify-audit-chain.ts';
import { aSealedChain, anAuditEvent, hasher } from '../../builders/audit-chain.ts';
import { InMemoryAuditLog } from '../../fakes/in-memory-audit-log.ts';

t.test('an intact chain, and an empty one, verify', async (t) => {
  const { events, head } = aSealedChain(5);
  t.same(await verifyAuditChain(events, head, hasher), { checked: 5, broken: null });
  t.same(await verifyAuditChain([], null, hasher), { checked: 0, broken: null });
  t.same(await verifyAuditChain([], { seq: 0, hash: GENESIS_HASH }, hasher), { checked: 0, broken: null });
});

t.test('each kind of tampering is reported at the first broken link', async (t) => {
  const { events, head } = aSealedChain(5);
  const at = (i: number) => events[i] as SealedAuditEvent;
  const cases: [string, SealedAuditEvent[], typeof head, object][] = [
    [
      'edited details',
      events.map((e, i) => (i === 2 ? { ...e, details: { changes: { title: { from: 'x', to: 'y' } } } } : e)),
      head,
      { kind: 'edited', seq: 3, id: 103 },
    ],
    [
      'edited actor',
      events.map((e, i) => (i === 1 ? { ...e, actor: 'mallory' } : e)),
      head,
      { kind: 'edited', seq: 2, id: 102 },
    ],
    ['deleted middle row', events.filter((_, i) => i !== 2), head, { kind: 'gap', seq: 4, id: 104 }],
    ['deleted last row', events.slice(0, 4), head, { kind: 'head-mismatch', seq: 5, id: null }],
    ['deleted first row', events.slice(1), head, { kind: 'gap', seq: 2, id: 102 }],
    [
      'inserted row without a seal',
      [...events.slice(0, 2), { ...anAuditEvent(9), id: 200, seal: null }, ...events.slice(2)],
      head,
      { kind: 'unsealed', seq: null, id: 200 },
    ],
    [
      'inserted row with its own valid hash, renumbering the rest',
      (() => {
        // A forger who seals a row onto event 2 but cannot re-seal the rest without rewriting them all.
        const forged = { ...anAuditEvent(9), id: 200, seal: sealAuditEvent(anAuditEvent(9), at(1).seal, hasher) };
        return [
          at(0),
          at(1),
          forged,
          ...events.slice(2).map((e) => ({ ...e, seal: e.seal && { ...e.seal, seq: e.seal.seq + 1 } })),
        ];
      })(),
      { seq: 6, hash: at(4).seal?.hash ?? '' },
      { kind: 'edited', seq: 4, id: 103 },
    ],
    [
      'replaced row sealed onto the wrong predecessor',
      events.map((e, i) => (i === 3 ? { ...e, seal: sealAuditEvent(e, { seq: 3, hash: 'a'.repeat(64) }, hasher) } : e)),
      head,
      { kind: 'unlinked', seq: 4, id: 104 },
    ],
    [
      'duplicated sequence',
      [...events.slice(0, 3), { ...at(2), id: 300 }, ...events.slice(3)],
      head,
      { kind: 'duplicate', seq: 3, id: 300 },
    ],
    ['head moved back', events, { seq: 4, hash: at(3).seal?.hash ?? '' }, { kind: 'head-mismatch', seq: 4 }],
    ['head hash changed', events, { seq: 5, hash: 'b'.repeat(64) }, { kind: 'head-mismatch', seq: 5 }],
  ];
  for (const [name, chain, h, expected] of cases) {
    const report = await verifyAuditChain(chain, h, hasher);
    t.match(report.broken, expected, name);
  }
  const gap = await verifyAuditChain(
    events.filter((_, i) => i !== 1 && i !== 2),
    head,
    hasher,
  );
  t.equal(
    describeAuditBreak(gap.broken!),
    'audit chain broken at sequence 4, row id 104: sequence 2..3 is missing (deleted row)',
  );
});

t.test('the check on a live trail ignores events appended while it runs, not rows past the head', async (t) => {
  const state = { audit: [] as SealedAuditEvent[] };
  const log = new InMemoryAuditLog(state);
  for (let i = 1; i <= 3; i++) await log.record(anAuditEvent(i));
  const concurrent = {
    head: () => log.head(),
    async *events(pageSize?: number) {
      let first = true;
      for await (const e of log.events(pageSize)) {
        if (first) await log.record(anAuditEvent(4)); // another writer commits after the head was read
        first = false;
        yield e;
      }
    },
  };
  t.same(await new AuditChainCheck({ chain: concurrent, hasher, pageSize: 2 }).verify(), { checked: 3, broken: null });
  const forgedPastHead = {
    ...anAuditEvent(5),
    id: 99,
    seal: sealAuditEvent(anAuditEvent(5), (await log.head())!, hasher),
  };
  const stale = { head: () => log.head(), events: () => log.events(2) };
  state.audit.push(forgedPastHead);
  // The fake's head is its last event: model a head the forger did not move.
  const report = await new AuditChainCheck({
    chain: { ...stale, head: async () => state.audit[3]!.seal },
    hasher,
  }).verify();
  t.match(report.broken, { kind: 'head-mismatch', seq: 5, id: 99 });
});

t.test('against a recorded head (anchor): a chain rewritten from before it is caught', async (t) => {
  const state = { audit: [] as SealedAuditEvent[] };
  const log = new InMemoryAuditLog(state);
  for (let i = 1; i <= 4; i++) await log.record(anAuditEvent(i));
  const anchor = { seq: 3, hash: state.audit[2]!.seal!.hash };
  const check = new AuditChainCheck({ chain: log, hasher });
  t.same(await check.verify(anchor), { checked: 4, broken: null });
  // Rewrite from sequence 2: re-seal every later event and move the head.
  const rewritten = { audit: state.audit.slice(0, 1) };
  const forger = new InMemoryAuditLog(rewritten);
  for (const e of state.audit.slice(1)) await forger.record({ ...e, actor: 'mallory' });
  const forged = new AuditChainCheck({ chain: forger, hasher });
  t.same(await forged.verify(), { checked: 4, broken: null }, 'consistent on its own');
  t.match((await forged.verify(anchor)).broken, { kind: 'anchor-mismatch', seq: 3 });
  const cut = new InMemoryAuditLog({ audit: state.audit.slice(0, 2) });
  t.match((await new AuditChainCheck({ chain: cut, hasher }).verify(anchor)).broken, {
    kind: 'anchor-mismatch',
    seq: 3,
    id: null,
  });
});
